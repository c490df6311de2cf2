package genmodels.train;

import genmodels.models.Term;
import genmodels.plot.Charts;
import genmodels.plot.CurvePanels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;

/**
 * Redraws {@code curves.png} after every epoch: one panel per reported term, with the train,
 * validation (when held out) and test values per epoch, the same figures as {@code metrics.csv}.
 */
public final class CurvesWriter implements TrainingListener {

    private final Path file;
    private final String run;
    private final Map<String, Term> terms;

    /**
     * @param file the PNG to write
     * @param run the run's name, shown in the titles
     * @param terms every term a split reports (the model's, then any epoch measure's), for the axis titles
     */
    public CurvesWriter(Path file, String run, List<Term> terms) {
        this.file = file;
        this.run = run;
        this.terms = new LinkedHashMap<>();
        terms.forEach(t -> this.terms.put(t.name(), t));
    }

    /** @return the y axis title of a term: its name, unit and direction (none for a neutral term) */
    String axisTitle(String term) {
        Term t = terms.get(term);
        if (t == null) {
            return term;
        }
        return t.name() + " (" + t.unit() + (t.ranks() ? ", " + t.describeDirection() : "") + ")";
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        Charts.sheet(file, panels(history));
    }

    /**
     * @return one chart per term (every term any split reported in the last epoch), one series per
     *     split holding the term's value at each epoch (NaN where a split lacks it)
     */
    List<XYChart> panels(List<EpochResult> history) {
        EpochResult result = history.get(history.size() - 1);
        double[] epochs = new double[history.size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = history.get(i).epoch();
        }
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> curves = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        result.metrics().values().forEach(split -> all.addAll(split.keySet()));
        for (String term : all) {
            titles.put(term, axisTitle(term));
            Map<String, double[]> bySplit = new LinkedHashMap<>();
            for (String split : result.metrics().keySet()) {
                double[] values = new double[history.size()];
                for (int i = 0; i < values.length; i++) {
                    Map<String, Double> figures = history.get(i).metrics().get(split);
                    Double v = figures == null ? null : figures.get(term);
                    values[i] = v == null ? Double.NaN : v;
                }
                if (Arrays.stream(values).anyMatch(Double::isFinite)) {
                    bySplit.put(split, values);
                }
            }
            curves.put(term, bySplit);
        }
        return CurvePanels.curvePanels(run, epochs, titles, curves);
    }
}
