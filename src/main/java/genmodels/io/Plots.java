package genmodels.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts drawn with XChart (headless). */
public final class Plots {

    /** Ten distinguishable colours (matplotlib's "tab10"), one per class. */
    private static final Color[] CLASS_COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    /** Marker shapes of classes 0-9, 10-19, ... */
    private static final org.knowm.xchart.style.markers.Marker[] CLASS_MARKERS = {
        SeriesMarkers.CIRCLE,
        SeriesMarkers.SQUARE,
        SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.CROSS
    };

    private Plots() {}

    /**
     * A scatter of 2-D points coloured by class, with a legend naming each class.
     *
     * @param file the PNG to write
     * @param title chart title
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param x [n] first coordinates
     * @param y [n] second coordinates
     * @param labels [n] class of each point, 0 or more; beyond ten classes the ten colours repeat with
     *     another marker shape for each further ten
     */
    public static void scatterByClass(
            Path file, String title, String xLabel, String yLabel, float[] x, float[] y, int[] labels)
            throws IOException {
        scatterByClass(file, title, xLabel, yLabel, x, y, labels, null, null, null);
    }

    /**
     * {@link #scatterByClass(Path, String, String, String, float[], float[], int[])} with draws
     * from a prior drawn over the points as black crosses, legend "prior draws", and each class
     * named in the legend as the data name it.
     *
     * @param overX [m] first coordinates of the draws, or null for none
     * @param overY [m] their second coordinates
     * @param names the data's class names (a folder's), or null to name each class by its index
     */
    public static void scatterByClass(
            Path file,
            String title,
            String xLabel,
            String yLabel,
            float[] x,
            float[] y,
            int[] labels,
            float[] overX,
            float[] overY,
            List<String> names)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(700)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);

        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int classes = java.util.Arrays.stream(labels).max().orElse(-1) + 1;
        for (int c = 0; c < classes; c++) {
            List<Float> xs = new ArrayList<>();
            List<Float> ys = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    xs.add(x[i]);
                    ys.add(y[i]);
                }
            }
            if (!xs.isEmpty()) {
                String name = names != null && c < names.size() ? names.get(c) : Integer.toString(c);
                XYSeries series = chart.addSeries(name, xs, ys);
                series.setMarker(CLASS_MARKERS[(c / CLASS_COLORS.length) % CLASS_MARKERS.length]);
                series.setMarkerColor(CLASS_COLORS[c % CLASS_COLORS.length]);
            }
        }
        if (overX != null) {
            XYSeries drawn = chart.addSeries("prior draws", overX, overY);
            drawn.setMarker(SeriesMarkers.CROSS);
            drawn.setMarkerColor(Color.BLACK);
        }
        save(chart, file);
    }

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
        lines(file, title, xLabel, yLabel, x, names, ys, logX, null);
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
        lines(file, title, xLabel, yLabel, x, names, ys, false, yMin);
    }

    private static void lines(
            Path file,
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            List<String> names,
            List<double[]> ys,
            boolean logX,
            Double yMin)
            throws IOException {
        XYChart chart = lineChart(800, 600, title, xLabel, yLabel, x, names, ys);
        chart.getStyler().setXAxisLogarithmic(logX);
        if (yMin != null) {
            chart.getStyler().setYAxisMin(yMin);
        }
        save(chart, file);
    }

    /**
     * Grouped bars: one group per category, one bar per series.
     *
     * @param categories the groups' labels
     * @param names the series' legend entries
     * @param values values[s][c], series s in category c
     */
    public static void bars(
            Path file,
            String title,
            String xLabel,
            String yLabel,
            List<String> categories,
            List<String> names,
            double[][] values)
            throws IOException {
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder()
                .width(800)
                .height(560)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        // below the plot: a legend inside the plot area covered curves (a density's peak, the last epochs)
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        double[] all = java.util.Arrays.stream(values)
                .flatMapToDouble(java.util.Arrays::stream)
                .toArray();
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(all));
        for (int s = 0; s < names.size(); s++) {
            List<Double> column = new ArrayList<>();
            for (double v : values[s]) {
                column.add(v);
            }
            chart.addSeries(names.get(s), categories, column);
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * 2-D points with their principal axes and the projections of a few of them on the first axis
     * (each point joined to its foot, mean + ((p - mean) . v1) v1), as the PCA lecture draws them.
     *
     * @param x the points' first coordinates
     * @param y their second coordinates
     * @param mean the points' mean (2)
     * @param axes the two unit axes, axes[j] = {vx, vy}
     * @param halfLengths each axis drawn from mean - h v to mean + h v
     * @param projected indices of the points whose projections are drawn
     */
    public static void principalAxes(
            Path file,
            String title,
            double[] x,
            double[] y,
            double[] mean,
            double[][] axes,
            double[] halfLengths,
            int[] projected)
            throws IOException {
        XYChart chart = chart(800, 700, title, "x1", "x2");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern(decimalPattern(x));
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(y));
        XYSeries points = chart.addSeries("points", x, y);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(new Color(150, 150, 150, 120));
        Color[] colors = {new Color(200, 30, 30), new Color(30, 90, 200)};
        for (int j = 0; j < 2; j++) {
            double h = halfLengths[j];
            XYSeries axis = chart.addSeries(
                    String.format(Locale.ROOT, "PC%d (+-2 standard deviations)", j + 1),
                    new double[] {mean[0] - h * axes[j][0], mean[0] + h * axes[j][0]},
                    new double[] {mean[1] - h * axes[j][1], mean[1] + h * axes[j][1]});
            axis.setMarker(SeriesMarkers.NONE);
            axis.setLineColor(colors[j]);
            axis.setLineStyle(new BasicStroke(3f));
        }
        for (int n = 0; n < projected.length; n++) {
            int i = projected[n];
            double t = (x[i] - mean[0]) * axes[0][0] + (y[i] - mean[1]) * axes[0][1];
            XYSeries drop = chart.addSeries(
                    n == 0 ? "a point and its projection on PC1" : "projection " + n,
                    new double[] {x[i], mean[0] + t * axes[0][0]},
                    new double[] {y[i], mean[1] + t * axes[0][1]});
            drop.setShowInLegend(n == 0);
            drop.setMarker(SeriesMarkers.CIRCLE);
            drop.setMarkerColor(colors[0]);
            drop.setLineColor(new Color(60, 60, 60));
            drop.setLineStyle(new BasicStroke(1f));
        }
        save(chart, file);
    }

    /**
     * Two 2-D point sets with unit directions drawn through the origin: the first panel of the
     * sliced-distance picture.
     *
     * @param sets [2][n][2] the two sets
     * @param names their legend entries
     * @param directions [L][2] unit vectors, drawn from -reach to +reach and labelled theta1, theta2, ...
     * @param reach half length of each direction's line
     * @return a 520 x 380 panel (for {@link #sheet})
     */
    public static XYChart pointSetsWithDirections(
            String title, double[][][] sets, List<String> names, double[][] directions, double reach) {
        XYChart chart = chart(520, 380, title, "x1", "x2");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
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
            series.setMarkerColor(CLASS_COLORS[s]);
        }
        for (int l = 0; l < directions.length; l++) {
            XYSeries line = chart.addSeries(
                    "theta" + (l + 1),
                    new double[] {-reach * directions[l][0], reach * directions[l][0]},
                    new double[] {-reach * directions[l][1], reach * directions[l][1]});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(CLASS_COLORS[2 + l % 8]);
            line.setLineStyle(new BasicStroke(2f));
        }
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
     * @return a 520 x 380 panel (for {@link #sheet})
     */
    public static XYChart sortedMatching(String title, double[] top, double[] bottom, List<String> names, int color) {
        double[] a = top.clone();
        double[] b = bottom.clone();
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(b);
        XYChart chart = chart(520, 380, title, "projection on the direction", "");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
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
                    CLASS_COLORS[color % CLASS_COLORS.length].getRGB() & 0xffffff | 0x80000000, true));
            pair.setLineStyle(new BasicStroke(1f));
        }
        double[][] rows = {a, b};
        for (int s = 0; s < 2; s++) {
            double[] level = new double[rows[s].length];
            java.util.Arrays.fill(level, 1 - s);
            XYSeries points = chart.addSeries(names.get(s) + " (sorted)", rows[s], level);
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.CIRCLE);
            points.setMarkerColor(CLASS_COLORS[s]);
        }
        return chart;
    }

    /**
     * Curves as a 520 x 380 panel for {@link #sheet}; see {@link #lines}.
     */
    public static XYChart linePanel(
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            List<String> names,
            List<double[]> ys,
            boolean logX) {
        XYChart chart = lineChart(520, 380, title, xLabel, yLabel, x, names, ys);
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
     * @return a chart of the given size (for {@link #save} or {@link #sheet})
     */
    public static XYChart layers(
            int width, int height, String title, String xLabel, String yLabel, List<Layer> layers) {
        XYChart chart = chart(width, height, title, xLabel, yLabel);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(7);
        double[] xs = layers.stream()
                .flatMapToDouble(l -> java.util.Arrays.stream(l.x()))
                .toArray();
        double[] ys = layers.stream()
                .flatMapToDouble(l -> java.util.Arrays.stream(l.y()))
                .toArray();
        chart.getStyler().setXAxisDecimalPattern(decimalPattern(xs));
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(ys));
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
        XYChart chart = lineChart(800, 600, title, xLabel, yLabel, x, names, ys);
        XYSeries mark = chart.addSeries(markName, new double[] {markX}, new double[] {markY});
        mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        mark.setMarker(SeriesMarkers.DIAMOND);
        mark.setMarkerColor(Color.RED);
        chart.getStyler().setMarkerSize(12);
        save(chart, file);
    }

    /**
     * Learning curves: one panel per term, each with one line per split (train, validation, test)
     * against the epoch (drawn three to a row by {@link #sheet}).
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
            XYChart chart = lineChart(
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

    /** Writes panels (all of the first one's size) three to a row into one PNG. */
    public static void sheet(Path file, List<XYChart> panels) throws IOException {
        int columns = Math.min(3, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        int w = panels.get(0).getWidth();
        int h = panels.get(0).getHeight();
        BufferedImage sheet = new BufferedImage(columns * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), (i % columns) * w, (i / columns) * h, null);
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(sheet, "png", out));
    }

    /**
     * @return a {@link java.text.DecimalFormat} pattern for tick labels spanning {@code values}: as
     *     many decimals as three significant digits of the range need (none for a range of 100 or
     *     more), so labels stay short and do not run together
     */
    public static String decimalPattern(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double range = hi - lo;
        if (!(range > 0)) {
            return "0.###";
        }
        int decimals = Math.max(0, Math.min(8, 2 - (int) Math.floor(Math.log10(range))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /** @return a white chart with one line (circles, 2-pixel stroke) per curve, its legend inside top right */
    private static XYChart lineChart(
            int width,
            int height,
            String title,
            String xLabel,
            String yLabel,
            double[] x,
            List<String> names,
            List<double[]> ys) {
        XYChart chart = chart(width, height, title, xLabel, yLabel);
        chart.getStyler().setXAxisDecimalPattern(decimalPattern(x));
        // below the plot: a legend inside the plot area covered curves (a density's peak, the last epochs)
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        double[] all = ys.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(all));
        for (int i = 0; i < names.size(); i++) {
            XYSeries series = chart.addSeries(names.get(i), x, ys.get(i));
            // markers show the points of a short curve (epochs, K); a dense one (a density) is a line
            series.setMarker(x.length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            series.setLineStyle(new BasicStroke(2f));
        }
        return chart;
    }

    /**
     * @param pattern a {@link java.text.DecimalFormat} pattern
     * @return v formatted, with a negative zero ("-0", "-0.0") written as zero
     */
    public static String tick(String pattern, double v) {
        String s =
                new java.text.DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
        return s.matches("-0([.,]0*)?") ? s.substring(1) : s;
    }

    /** @return an empty chart of that size and those titles on a white background */
    private static XYChart chart(int width, int height, String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    /** Writes a chart as PNG atomically. */
    public static void save(XYChart chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
