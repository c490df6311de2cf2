package genmodels.plot;

import genmodels.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The charts' common ground (XChart, headless): an empty chart, a line chart, the class colours
 * and markers, tick labels, sheets of panels, and the atomic PNG write.
 */
public final class Charts {

    private Charts() {}

    /** Ten distinguishable colours (matplotlib's "tab10"), one per class. */
    static final Color[] CLASS_COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    /** Marker shapes of classes 0-9, 10-19, ... */
    static final org.knowm.xchart.style.markers.Marker[] CLASS_MARKERS = {
        SeriesMarkers.CIRCLE,
        SeriesMarkers.SQUARE,
        SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.CROSS
    };

    /**
     * @return the pixels a chart title takes in XChart's title font, plus 40 for the margins: a
     *     chart at least this wide shows its title whole
     */
    public static int titleWidth(String title) {
        java.awt.Font font = new XYChart(10, 10).getStyler().getChartTitleFont();
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int width = g.getFontMetrics(font).stringWidth(title) + 40;
        g.dispose();
        return width;
    }

    /** Writes panels three to a row into one PNG. */
    public static void sheet(Path file, List<XYChart> panels) throws IOException {
        sheet(file, panels, 3);
    }

    /**
     * Writes panels {@code columns} to a row into one PNG, each row as tall as its tallest panel and
     * each column as wide as its widest.
     */
    public static void sheet(Path file, List<XYChart> panels, int columns) throws IOException {
        int perRow = Math.min(columns, panels.size());
        int rows = (panels.size() + perRow - 1) / perRow;
        int[] widths = new int[perRow];
        int[] heights = new int[rows];
        for (int i = 0; i < panels.size(); i++) {
            widths[i % perRow] = Math.max(widths[i % perRow], panels.get(i).getWidth());
            heights[i / perRow] = Math.max(heights[i / perRow], panels.get(i).getHeight());
        }
        BufferedImage sheet = new BufferedImage(
                java.util.Arrays.stream(widths).sum(),
                java.util.Arrays.stream(heights).sum(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            int x = java.util.Arrays.stream(widths, 0, i % perRow).sum();
            int y = java.util.Arrays.stream(heights, 0, i / perRow).sum();
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), x, y, null);
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
        if (decimals == 0) {
            return Math.max(Math.abs(lo), Math.abs(hi)) >= 1e4 ? "#,##0" : "0"; // 5,800,000, not 5800000
        }
        return "0." + "#".repeat(decimals);
    }

    /** @return a white chart with one line (circles, 2-pixel stroke) per curve, its legend inside top right */
    static XYChart lineChart(
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
            // markers show the points of a short DensityCharts.curve (epochs, K); a dense one (a density) is a line
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
    static XYChart chart(int width, int height, String title, String xLabel, String yLabel) {
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

    /**
     * Draws a 2-D point picture to scale: one unit spans as many pixels on the x axis as on the y
     * axis, so that a circle looks round and a right angle looks right. The axes start at the
     * series' extent (or the limits already set) plus 4%, and the axis whose units come out larger
     * on screen is widened about its centre. XChart lays the plot out when it paints, so the chart
     * is painted off screen, measured through {@link XYChart#getScreenXFromChart} and adjusted,
     * twice (the tick labels' width can move the plot's edge once).
     *
     * @param chart a chart whose series are all added
     */
    public static void equalAxes(XYChart chart) {
        double[] box = extent(chart);
        double padX = 0.04 * Math.max(box[1] - box[0], 1e-9);
        double padY = 0.04 * Math.max(box[3] - box[2], 1e-9);
        double[] range = {box[0] - padX, box[1] + padX, box[2] - padY, box[3] + padY};
        for (int round = 0; round < 3; round++) {
            setRange(chart, range);
            BufferedImage scratch = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scratch.createGraphics();
            chart.paint(g, chart.getWidth(), chart.getHeight());
            g.dispose();
            double pxPerX = Math.abs(chart.getScreenXFromChart(range[1]) - chart.getScreenXFromChart(range[0]))
                    / (range[1] - range[0]);
            double pxPerY = Math.abs(chart.getScreenYFromChart(range[3]) - chart.getScreenYFromChart(range[2]))
                    / (range[3] - range[2]);
            if (Math.abs(pxPerX / pxPerY - 1) < 0.005) {
                return;
            }
            if (pxPerX > pxPerY) { // x units too large on screen: show more x
                widen(range, 0, pxPerX / pxPerY);
            } else {
                widen(range, 2, pxPerY / pxPerX);
            }
        }
        setRange(chart, range);
    }

    private static double[] extent(XYChart chart) {
        double[] box = {
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
        };
        for (XYSeries s : chart.getSeriesMap().values()) {
            box[0] = Math.min(box[0], s.getXMin());
            box[1] = Math.max(box[1], s.getXMax());
            box[2] = Math.min(box[2], s.getYMin());
            box[3] = Math.max(box[3], s.getYMax());
        }
        var styler = chart.getStyler();
        if (styler.getXAxisMin() != null && styler.getXAxisMax() != null) {
            box[0] = styler.getXAxisMin();
            box[1] = styler.getXAxisMax();
        }
        if (styler.getYAxisMin() != null && styler.getYAxisMax() != null) {
            box[2] = styler.getYAxisMin();
            box[3] = styler.getYAxisMax();
        }
        return box;
    }

    private static void widen(double[] range, int axis, double factor) {
        double centre = (range[axis] + range[axis + 1]) / 2;
        double half = (range[axis + 1] - range[axis]) / 2 * factor;
        range[axis] = centre - half;
        range[axis + 1] = centre + half;
    }

    private static void setRange(XYChart chart, double[] range) {
        chart.getStyler().setXAxisMin(range[0]).setXAxisMax(range[1]);
        chart.getStyler().setYAxisMin(range[2]).setYAxisMax(range[3]);
        chart.getStyler().setXAxisDecimalPattern(decimalPattern(new double[] {range[0], range[1]}));
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(new double[] {range[2], range[3]}));
    }

    /**
     * @return v for a title or a label: four significant digits, or a whole number with thousands
     *     separators from 10,000 on (-2,252,034 rather than -2252033.9875 or -2.252e+06)
     */
    public static String readable(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (Math.abs(v) >= 1e4) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Writes a chart as PNG atomically. */
    public static void save(XYChart chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
