package genmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A mixture's responsibilities: 2-D points coloured by their most responsible component, with
 * each component's contours.
 */
public final class ResponsibilityFigure {

    private ResponsibilityFigure() {}

    /**
     * Points coloured by their responsibilities (each point the responsibility-weighted mix of the
     * component colours) and each component's covariance ellipses at Mahalanobis distances 1 and 2.
     * The points are drawn as one series per colour (colours rounded to 16 levels per channel).
     *
     * @param points [n][2]
     * @param colors each point's colour
     * @param ellipses per component, {x[], y[]} outlines (any number per component)
     * @param width the chart's width in pixels (the height is 7/8 of it)
     * @return the chart
     */
    public static XYChart responsibilities(
            String title, double[][] points, Color[] colors, List<List<double[][]>> ellipses, int width) {
        XYChart chart = new XYChartBuilder()
                .width(Math.max(width, Charts.titleWidth(title) + 160)) // XChart centres the title beside the legend
                .height(width * 7 / 8)
                .title(title)
                .xAxisTitle("x1")
                .yAxisTitle("x2")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        // beside the plot: inside, the legend covered the points of whichever corner it took; below,
        // it left the plot a wide strip, and drawn to scale the points a narrow band of it
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(width > 600 ? 4 : 3);
        chart.getStyler().setXAxisDecimalPattern(Charts.decimalPattern(column(points, 0)));
        chart.getStyler().setYAxisDecimalPattern(Charts.decimalPattern(column(points, 1)));
        java.util.Map<Integer, List<double[]>> byColor = new java.util.LinkedHashMap<>();
        for (int i = 0; i < points.length; i++) {
            Color c = colors[i];
            int key = (c.getRed() / 16) << 8 | (c.getGreen() / 16) << 4 | (c.getBlue() / 16);
            byColor.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(points[i]);
        }
        int series = 0;
        for (java.util.Map.Entry<Integer, List<double[]>> e : byColor.entrySet()) {
            double[][] group = e.getValue().toArray(double[][]::new);
            XYSeries s = chart.addSeries("points " + series++, column(group, 0), column(group, 1));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            int key = e.getKey();
            s.setMarkerColor(new Color((key >> 8 & 15) * 16 + 8, (key >> 4 & 15) * 16 + 8, (key & 15) * 16 + 8, 170));
            s.setShowInLegend(false);
        }
        for (int c = 0; c < ellipses.size(); c++) {
            for (int r = 0; r < ellipses.get(c).size(); r++) {
                double[][] line = ellipses.get(c).get(r);
                XYSeries s = chart.addSeries(
                        r == 0 ? "component " + (c + 1) : "component " + (c + 1) + " (" + (r + 1) + ")",
                        line[0],
                        line[1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(DensityCharts.componentColor(c).darker());
                s.setLineStyle(new BasicStroke(r == 0 ? 2.2f : 1.2f));
                s.setShowInLegend(r == 0 && ellipses.size() <= 9);
            }
        }
        Charts.equalAxes(chart);
        return chart;
    }

    static double[] column(double[][] rows, int j) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][j];
        }
        return out;
    }

    /** Contour lines of a gridded function by marching squares, as NaN-separated segments. */
    static final class Contours {

        private Contours() {}

        /**
         * @return {x[], y[]}: segment end points, each segment followed by a NaN break
         */
        static double[][] lines(double[] xs, double[] ys, double[][] f, double level) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int j = 0; j + 1 < ys.length; j++) {
                for (int i = 0; i + 1 < xs.length; i++) {
                    // corners counter-clockwise from bottom-left: (i,j) (i+1,j) (i+1,j+1) (i,j+1)
                    double[] v = {f[j][i], f[j][i + 1], f[j + 1][i + 1], f[j + 1][i]};
                    double[][] corner = {{xs[i], ys[j]}, {xs[i + 1], ys[j]}, {xs[i + 1], ys[j + 1]}, {xs[i], ys[j + 1]}
                    };
                    List<double[]> crossings = new ArrayList<>();
                    for (int e = 0; e < 4; e++) {
                        double a = v[e];
                        double b = v[(e + 1) % 4];
                        if ((a < level) != (b < level)) {
                            double t = (level - a) / (b - a);
                            double[] p = corner[e];
                            double[] q = corner[(e + 1) % 4];
                            crossings.add(new double[] {p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])});
                        }
                    }
                    // 2 crossings: one segment; 4 (a saddle): pair them in edge order
                    for (int s = 0; s + 1 < crossings.size(); s += 2) {
                        x.add(crossings.get(s)[0]);
                        y.add(crossings.get(s)[1]);
                        x.add(crossings.get(s + 1)[0]);
                        y.add(crossings.get(s + 1)[1]);
                        x.add(Double.NaN);
                        y.add(Double.NaN);
                    }
                }
            }
            return new double[][] {
                x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray()
            };
        }
    }
}
