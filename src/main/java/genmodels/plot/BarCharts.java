package genmodels.plot;

import genmodels.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.style.Styler;

/** Grouped bar charts with their values printed on the bars. */
public final class BarCharts {

    private BarCharts() {}

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
        chart.getStyler().setYAxisDecimalPattern(Charts.decimalPattern(all));
        for (int s = 0; s < names.size(); s++) {
            List<Double> column = new ArrayList<>();
            for (double v : values[s]) {
                column.add(v);
            }
            chart.addSeries(names.get(s), categories, column);
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
