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

    /** Writes a chart as PNG atomically. */
    public static void save(XYChart chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
