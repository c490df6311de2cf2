package genmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The sliced Wasserstein figures: two point sets with the random directions, and the sorted
 * projections matched in order.
 */
public final class SlicedMatchingFigure {

    private SlicedMatchingFigure() {}

    /**
     * Two 2-D point sets with unit directions drawn through the origin: the first panel of the
     * sliced-distance picture.
     *
     * @param sets [2][n][2] the two sets
     * @param names their legend entries
     * @param directions [L][2] unit vectors, drawn from -reach to +reach and labelled theta1, theta2, ...
     * @param reach half length of each direction's line
     * @return a 520 x 380 panel (for {@link Charts#sheet})
     */
    public static XYChart pointSetsWithDirections(
            String title, double[][][] sets, List<String> names, double[][] directions, double reach) {
        XYChart chart = Charts.chart(520, 380, title, "x1", "x2");
        chart.getStyler()
                .setLegendPosition(
                        Styler.LegendPosition.OutsideE); // beside: below, it left the to-scale plot a thin strip
        chart.getStyler().setMarkerSize(5);
        for (int s = 0; s < sets.length; s++) {
            double[] x = new double[sets[s].length];
            double[] y = new double[sets[s].length];
            for (int i = 0; i < x.length; i++) {
                x[i] = sets[s][i][0];
                y[i] = sets[s][i][1];
            }
            XYSeries series = chart.addSeries(names.get(s), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(Charts.CLASS_COLORS[s]);
        }
        for (int l = 0; l < directions.length; l++) {
            XYSeries line = chart.addSeries(
                    "theta" + (l + 1),
                    new double[] {-reach * directions[l][0], reach * directions[l][0]},
                    new double[] {-reach * directions[l][1], reach * directions[l][1]});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(Charts.CLASS_COLORS[2 + l % 8]);
            line.setLineStyle(new BasicStroke(2f));
        }
        Charts.equalAxes(chart);
        return chart;
    }

    /**
     * One direction of the sliced distance: the sorted projections of the first set on the line y =
     * 1, the second's on y = 0, and the i-th smallest of each joined (the 1-D optimal matching).
     *
     * @param top [n] the first set's projections
     * @param bottom [n] the second set's projections
     * @param names the two sets' legend entries
     * @param color the direction's colour in {@link #pointSetsWithDirections}'s panel: index 2 + l
     * @return a 520 x 380 panel (for {@link Charts#sheet})
     */
    public static XYChart sortedMatching(String title, double[] top, double[] bottom, List<String> names, int color) {
        double[] a = top.clone();
        double[] b = bottom.clone();
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(b);
        XYChart chart = Charts.chart(520, 380, title, "projection on the direction", "");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // inside, it covered points
        chart.getStyler().setYAxisMin(-0.4);
        chart.getStyler().setYAxisMax(1.6);
        chart.getStyler().setYAxisTicksVisible(false);
        chart.getStyler().setMarkerSize(6);
        for (int i = 0; i < a.length; i++) {
            XYSeries pair = chart.addSeries(
                    i == 0 ? "i-th smallest joined" : "match " + i, new double[] {a[i], b[i]}, new double[] {1, 0});
            pair.setShowInLegend(i == 0);
            pair.setMarker(SeriesMarkers.NONE);
            pair.setLineColor(new Color(
                    Charts.CLASS_COLORS[color % Charts.CLASS_COLORS.length].getRGB() & 0xffffff | 0x80000000, true));
            pair.setLineStyle(new BasicStroke(1f));
        }
        double[][] rows = {a, b};
        for (int s = 0; s < 2; s++) {
            double[] level = new double[rows[s].length];
            java.util.Arrays.fill(level, 1 - s);
            XYSeries points = chart.addSeries(names.get(s) + " (sorted)", rows[s], level);
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.CIRCLE);
            points.setMarkerColor(Charts.CLASS_COLORS[s]);
        }
        return chart;
    }
}
