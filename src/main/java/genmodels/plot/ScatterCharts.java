package genmodels.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Scatters of 2-D points coloured by class, with a legend naming each class. */
public final class ScatterCharts {

    private ScatterCharts() {}

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
        scatterByClass(file, title, xLabel, yLabel, x, y, labels, null, null, null, null);
    }

    /**
     * {@link #scatterByClass(Path, String, String, String, float[], float[], int[])} with draws
     * drawn over the points as black crosses, and each class
     * named in the legend as the data name it.
     *
     * @param overX [m] first coordinates of the draws, or null for none
     * @param overY [m] their second coordinates
     * @param overName the draws' legend entry ("prior draws")
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
            String overName,
            List<String> names)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(Math.max(800, Charts.titleWidth(title) + 120)) // the title is centred beside the legend
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
                series.setMarker(Charts.CLASS_MARKERS[(c / Charts.CLASS_COLORS.length) % Charts.CLASS_MARKERS.length]);
                series.setMarkerColor(Charts.CLASS_COLORS[c % Charts.CLASS_COLORS.length]);
            }
        }
        if (overX != null) {
            XYSeries drawn = chart.addSeries(overName, overX, overY);
            drawn.setMarker(SeriesMarkers.CROSS);
            drawn.setMarkerColor(Color.BLACK);
        }
        Charts.equalAxes(chart);
        Charts.save(chart, file);
    }
}
