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
        int[] size = panelSize(run, terms);
        for (Map.Entry<String, String> term : terms.entrySet()) {
            Map<String, double[]> splits = curves.get(term.getKey());
            XYChart chart = Charts.lineChart(
                    size[0],
                    size[1],
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

    /**
     * @return {width, height} of every panel: 520 x 410, or larger where a title or a (vertical)
     *     y axis title would not fit, measured in the fonts XChart draws them with
     */
    static int[] panelSize(String run, Map<String, String> terms) {
        org.knowm.xchart.style.XYStyler styler = new XYChart(10, 10).getStyler();
        java.awt.Graphics2D g =
                new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics();
        java.awt.FontMetrics axis = g.getFontMetrics(styler.getAxisTitleFont());
        int width = 520;
        int height = 410;
        for (Map.Entry<String, String> term : terms.entrySet()) {
            width = Math.max(width, Charts.titleWidth(run + ": " + term.getKey()));
            height = Math.max(height, axis.stringWidth(term.getValue()) + 150); // the x axis and legend below
        }
        g.dispose();
        return new int[] {width, height};
    }
}
