package genmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Generic line charts: curves against x, one panel or a file, with a marked x, and layered
 * points and lines.
 */
public final class LineCharts {

    private LineCharts() {}

    /**
     * Line chart of one or more curves over a shared x axis.
     *
     * @param file the PNG to write
     * @param title chart title
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param x [n] shared x values
     * @param names one name per curve
     * @param ys one [n] array per curve
     * @param logX whether the x axis is logarithmic
     */
    public static void lines(
            Path file,
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            List<String> names,
            List<double[]> ys,
            boolean logX)
            throws IOException {
        lines(file, title, xLabel, yLabel, x, names, ys, logX, false, null);
    }

    /**
     * {@link #lines} on logarithmic x and y axes, for a quantity that spans decades (all values
     * positive): equal ratios are equal distances.
     */
    public static void logLog(
            Path file, String title, String xLabel, String yLabel, double[] x, List<String> names, List<double[]> ys)
            throws IOException {
        lines(file, title, xLabel, yLabel, x, names, ys, true, true, null);
    }

    /**
     * {@link #lines} with the y axis starting at {@code yMin}: points below it are drawn at the
     * bottom edge's other side (outside the plot), for a curve whose first values would flatten the
     * rest.
     */
    public static void lines(
            Path file,
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            List<String> names,
            List<double[]> ys,
            double yMin)
            throws IOException {
        lines(file, title, xLabel, yLabel, x, names, ys, false, false, yMin);
    }

    static void lines(
            Path file,
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            List<String> names,
            List<double[]> ys,
            boolean logX,
            boolean logY,
            Double yMin)
            throws IOException {
        XYChart chart = Charts.lineChart(800, 600, title, xLabel, yLabel, x, names, ys);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        if (logY) { // decades down to thousandths: the range's pattern would print 0.01 as 0
            chart.getStyler().setYAxisDecimalPattern(logPattern(ys));
        }
        if (yMin != null) {
            chart.getStyler().setYAxisMin(yMin);
            // the tick labels' decimals from the values shown: the ones below the axis would round them all alike
            double[] shown = ys.stream()
                    .flatMapToDouble(java.util.Arrays::stream)
                    .filter(v -> v >= yMin)
                    .toArray();
            chart.getStyler().setYAxisDecimalPattern(Charts.decimalPattern(shown));
        }
        Charts.save(chart, file);
    }

    /**
     * @return a decimal pattern for the labels of a logarithmic axis (powers of ten): as many
     *     decimals as the smallest positive value's decade needs ("0.###" for 0.004), none from 1 up
     */
    static String logPattern(List<double[]> values) {
        double smallest = values.stream()
                .flatMapToDouble(java.util.Arrays::stream)
                .filter(v -> v > 0)
                .min()
                .orElse(1);
        int decimals = (int) Math.max(0, Math.min(8, -Math.floor(Math.log10(smallest))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /**
     * Curves as a 520 x 380 panel for {@link Charts#sheet}; see {@link #lines}.
     */
    public static XYChart linePanel(
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            List<String> names,
            List<double[]> ys,
            boolean logX) {
        XYChart chart = Charts.lineChart(520, 380, title, xLabel, yLabel, x, names, ys);
        chart.getStyler().setXAxisLogarithmic(logX);
        return chart;
    }

    /**
     * One series of {@link #layers}.
     *
     * @param name legend entry (null: not in the legend)
     * @param x first coordinates
     * @param y second coordinates
     * @param style {@code points}, {@code line}, {@code dashed} or {@code mark} (one large diamond per point)
     * @param color its colour
     */
    public record Layer(String name, double[] x, double[] y, String style, Color color) {}

    /**
     * Series drawn in order on one chart of equal axis units' feel (no decimal noise on the ticks).
     *
     * @return a chart of the given size (for {@link Charts#save} or {@link Charts#sheet})
     */
    public static XYChart layers(
            int width, int height, String title, String xLabel, String yLabel, List<Layer> layers) {
        XYChart chart = Charts.chart(width, height, title, xLabel, yLabel);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // inside, it covered points
        chart.getStyler().setMarkerSize(7);
        double[] xs = layers.stream()
                .flatMapToDouble(l -> java.util.Arrays.stream(l.x()))
                .toArray();
        double[] ys = layers.stream()
                .flatMapToDouble(l -> java.util.Arrays.stream(l.y()))
                .toArray();
        chart.getStyler().setXAxisDecimalPattern(Charts.decimalPattern(xs));
        chart.getStyler().setYAxisDecimalPattern(Charts.decimalPattern(ys));
        int unnamed = 0;
        for (Layer l : layers) {
            String name = l.name() != null ? l.name() : "unnamed " + unnamed++;
            XYSeries series = chart.addSeries(name, l.x(), l.y());
            series.setShowInLegend(l.name() != null);
            switch (l.style()) {
                case "points", "mark" -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    series.setMarker(l.style().equals("mark") ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
                    series.setMarkerColor(l.color());
                }
                case "line", "dashed" -> {
                    series.setMarker(SeriesMarkers.NONE);
                    series.setLineColor(l.color());
                    series.setLineStyle(
                            l.style().equals("line")
                                    ? new BasicStroke(2.5f)
                                    : new BasicStroke(
                                            2f,
                                            BasicStroke.CAP_BUTT,
                                            BasicStroke.JOIN_MITER,
                                            10f,
                                            new float[] {7f, 5f},
                                            0f));
                }
                default -> throw new IllegalArgumentException("unknown layer style " + l.style());
            }
        }
        return chart;
    }

    /**
     * Like {@link #lines}, with one point marked and labelled, e.g. the best K of a BIC curve.
     *
     * @param markX x of the marked point
     * @param markY y of the marked point
     * @param markName legend entry of the mark
     */
    public static void linesWithMark(
            Path file,
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            List<String> names,
            List<double[]> ys,
            double markX,
            double markY,
            String markName)
            throws IOException {
        XYChart chart = Charts.lineChart(800, 600, title, xLabel, yLabel, x, names, ys);
        XYSeries mark = chart.addSeries(markName, new double[] {markX}, new double[] {markY});
        mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        mark.setMarker(SeriesMarkers.DIAMOND);
        mark.setMarkerColor(Color.RED);
        chart.getStyler().setMarkerSize(12);
        Charts.save(chart, file);
    }
}
