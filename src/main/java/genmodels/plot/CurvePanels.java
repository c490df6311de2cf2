package genmodels.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/** Training curves, one panel per term, a line per split, the direction of improvement in the
 * axis title.
 */
public final class CurvePanels {

    private CurvePanels() {}

    /**
     * Learning curves: one panel per term, each with one line per split (train, validation, test)
     * against the epoch (drawn three to a row by {@link Charts#sheet}).
     *
     * @param run the run's name, in every panel's title
     * @param epochs [n] the epochs
     * @param terms term name to its y axis title, in panel order
     * @param curves term name to split name to [n] values (a split missing at an epoch: NaN, not drawn)
     * @return one chart per term, one series per split, in order
     */
    public static List<XYChart> curvePanels(
            String run, double[] epochs, Map<String, String> terms, Map<String, Map<String, double[]>> curves) {
        List<XYChart> panels = new ArrayList<>();
        for (Map.Entry<String, String> term : terms.entrySet()) {
            Map<String, double[]> splits = curves.get(term.getKey());
            XYChart chart = Charts.lineChart(
                    520,
                    410,
                    run + ": " + term.getKey(),
                    "epoch",
                    term.getValue(),
                    epochs,
                    new ArrayList<>(splits.keySet()),
                    new ArrayList<>(splits.values()));
            chart.getStyler().setXAxisDecimalPattern("#");
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal); // one row: train, validation, test
            panels.add(chart);
        }
        return panels;
    }
}
