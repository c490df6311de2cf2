package genmodels.train;

import genmodels.models.Term;
import genmodels.plot.Charts;
import genmodels.plot.CurvePanels;
import genmodels.plot.LineCharts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;

/**
 * Redraws {@code curves.png} after every epoch: one panel per reported term, with the train,
 * validation (when held out) and test values per epoch, the same figures as {@code metrics.csv};
 * then the learning rate of every update so far, each optimizer's, drawn from its schedule (a
 * schedule is a function of the update count, so a resumed run draws the same curve; {@code
 * metrics.csv} has the rate of each epoch's last update, split {@code schedule}).
 */
public final class CurvesWriter implements TrainingListener {

    private final Path file;
    private final String run;
    private final Map<String, Term> terms;
    private Optimizers optimizers;
    private int updatesPerEpoch;

    /** The most points the learning-rate panel draws per optimizer. */
    static final int RATE_POINTS = 2001;

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
    public void onTrainingStart(TrainingControl control) {
        this.optimizers = control.optimizers();
        this.updatesPerEpoch = control.batchesPerEpoch();
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        List<XYChart> panels = new ArrayList<>(panels(history));
        if (optimizers != null) {
            panels.add(learningRates(history.get(history.size() - 1).epoch()));
        }
        Charts.sheet(file, panels);
    }

    /**
     * @return each optimizer's rate over epochs 1 to {@code epoch}, read at x = 0, 1 / P, 2 / P, ...
     *     epochs (P in 100, 50, 20, 10, 5, 2, 1, the most that keeps {@value #RATE_POINTS} points or
     *     fewer) from the update under way there, floor(x U) of U updates per epoch; y in units of
     *     the largest rate's power of ten
     */
    XYChart learningRates(int epoch) {
        int perEpoch = IntStream.of(100, 50, 20, 10, 5, 2, 1)
                .filter(p -> (long) p * epoch + 2 <= RATE_POINTS)
                .findFirst()
                .orElse(1);
        // x = 0, 1/P, 2/P, ... epochs, plus x = 1/(2P): XChart labels evenly spaced x values with
        // ticks on data values (0.16, 0.32 ...); one uneven point gives it round ticks
        double[] x = new double[perEpoch * epoch + 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = i == 0 ? 0 : i == 1 ? 0.5 / perEpoch : (i - 1.0) / perEpoch;
        }
        long last = (long) epoch * updatesPerEpoch - 1;
        List<double[]> ys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        double largest = 0;
        for (int g = 0; g < optimizers.size(); g++) {
            names.add(optimizers.rateName(g));
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) { // the rate of the update under way at x
                y[i] = optimizers.rate(g, Math.min(last, (long) Math.floor(x[i] * updatesPerEpoch + 1e-9)));
                largest = Math.max(largest, y[i]);
            }
            ys.add(y);
        }
        double unit = Math.pow(10, largest > 0 ? Math.floor(Math.log10(largest)) : 0);
        ys.forEach(y -> Arrays.setAll(y, i -> y[i] / unit));
        XYChart chart = LineCharts.linePanel(
                run + ": learning rate",
                "epoch",
                "learning rate (x " + Charts.tick("0.#E0", unit) + ")",
                x,
                names,
                ys,
                false);
        chart.getStyler().setYAxisDecimalPattern("0.##");
        chart.getStyler().setYAxisMin(0.0); // from zero: a constant rate is a level line, not a lone tick
        return chart;
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
        result.metrics().forEach((split, figures) -> {
            if (!split.equals("schedule")) { // drawn per update by learningRates
                all.addAll(figures.keySet());
            }
        });
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
