package genmodels.plot;

import genmodels.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Pictures of fitted densities: a 1-D histogram with the density and its components, the
 * histogram beside a kernel estimate, and 2-D points with contours or a filled density.
 */
public final class DensityCharts {

    private DensityCharts() {}

    /** Colours of the components' curves (matplotlib's "tab10" without its grey). */
    static final Color[] COMPONENT_COLORS = {
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0xd62728),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0xbcbd22),
        new Color(0x17becf)
    };

    /**
     * The training points' histogram (normalised to a density), the fitted density and, if given,
     * its weighted components.
     *
     * @param points the training points
     * @param grid x values at which the density was evaluated, increasing
     * @param density the density at the grid
     * @param components per component, its weighted density at the grid (may be empty)
     * @param samples {x[], density at x[]} of points drawn from the fit, marked on the curve, or null
     */
    public static void oneDimensional(
            Path file,
            String title,
            double[] points,
            double[] grid,
            double[] density,
            List<double[]> components,
            double[][] samples)
            throws IOException {
        double min = grid[0];
        double max = grid[grid.length - 1];
        int bins = 50;
        double width = (max - min) / bins;
        double[] counts = new double[bins];
        for (double p : points) {
            int b = (int) Math.floor((p - min) / width);
            if (b >= 0 && b < bins) {
                counts[b]++;
            }
        }
        double[] heights = new double[bins];
        for (int b = 0; b < bins; b++) {
            heights[b] = counts[b] / (points.length * width);
        }
        double[][] steps = steps(min, width, heights, max);
        double[] hx = steps[0];
        double[] hy = steps[1];
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(550)
                .title(title)
                .xAxisTitle("x")
                .yAxisTitle("density")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // inside it covered the peak
        chart.getStyler().setXAxisDecimalPattern(Charts.decimalPattern(grid));
        chart.getStyler().setYAxisDecimalPattern(Charts.decimalPattern(hy));
        area(chart, "training points (histogram)", hx, hy, new Color(180, 180, 180, 150), new Color(150, 150, 150));
        curve(chart, "fitted density", grid, density);
        // the components after the total, dashed in colour: one that coincides with the total (a
        // single or a dominant component) shows as coloured dashes on the black line, not under it
        for (int k = 0; k < components.size(); k++) {
            XYSeries c = chart.addSeries("component " + (k + 1) + " (weighted)", grid, components.get(k));
            c.setMarker(SeriesMarkers.NONE);
            c.setLineColor(COMPONENT_COLORS[k % COMPONENT_COLORS.length]);
            c.setLineStyle(
                    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f));
        }
        if (samples != null) {
            XYSeries drawn = chart.addSeries("samples drawn from the fit (on the density)", samples[0], samples[1]);
            drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            drawn.setMarker(SeriesMarkers.DIAMOND);
            drawn.setMarkerColor(new Color(214, 39, 40));
        }
        Charts.save(chart, file);
    }

    /** Adds a filled step outline (a histogram) to the chart. */
    static void area(XYChart chart, String name, double[] hx, double[] hy, Color fill, Color line) {
        XYSeries histogram = chart.addSeries(name, hx, hy);
        histogram.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        histogram.setFillColor(fill);
        histogram.setLineColor(line);
        histogram.setMarker(SeriesMarkers.NONE);
    }

    /** Adds a density curve, a thick black line, to the chart. */
    static void curve(XYChart chart, String name, double[] x, double[] y) {
        XYSeries fitted = chart.addSeries(name, x, y);
        fitted.setMarker(SeriesMarkers.NONE);
        fitted.setLineColor(Color.BLACK);
        fitted.setLineStyle(new BasicStroke(2.5f));
    }

    /**
     * @param low the first interval's lower edge
     * @param width the intervals' width
     * @param heights the height of each interval
     * @param end where the last step ends (the last interval's upper edge)
     * @return {x[], y[]} of the step outline, from height 0 at {@code low} to {@code end}
     */
    static double[][] steps(double low, double width, double[] heights, double end) {
        int bins = heights.length;
        double[] hx = new double[2 * bins + 2];
        double[] hy = new double[2 * bins + 2];
        for (int b = 0; b < bins; b++) {
            hx[2 * b + 1] = low + b * width;
            hx[2 * b + 2] = low + (b + 1) * width;
            hy[2 * b + 1] = heights[b];
            hy[2 * b + 2] = heights[b];
        }
        hx[0] = low;
        hx[2 * bins + 1] = end;
        return new double[][] {hx, hy};
    }

    /**
     * The histogram estimator as filled steps beside a kernel estimate's curve, on one axis.
     *
     * @param low the first interval's lower edge
     * @param width the intervals' width
     * @param heights the histogram's density on each interval
     * @param grid x values of the kernel curve, increasing
     * @param kernel the kernel estimate's density at the grid
     * @param note a line under the legend (the held-out figures), or null
     */
    public static void histogramBesideKernel(
            Path file,
            String title,
            double low,
            double width,
            double[] heights,
            double[] grid,
            double[] kernel,
            String note)
            throws IOException {
        int bins = heights.length;
        double[][] steps = steps(low, width, heights, low + bins * width);
        double[] hx = steps[0];
        double[] hy = steps[1];
        XYChart chart = new XYChartBuilder()
                .width(Math.max(900, Charts.titleWidth(title)))
                .height(550)
                .title(title)
                .xAxisTitle(note == null ? "x" : "x    (" + note + ")")
                .yAxisTitle("density")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // inside it covered the peak
        chart.getStyler().setXAxisDecimalPattern(Charts.decimalPattern(grid));
        double[] all = java.util.stream.DoubleStream.concat(
                        java.util.Arrays.stream(hy), java.util.Arrays.stream(kernel))
                .toArray();
        chart.getStyler().setYAxisDecimalPattern(Charts.decimalPattern(all));
        area(
                chart,
                "histogram estimator (" + bins + " intervals)",
                hx,
                hy,
                new Color(31, 119, 180, 90),
                new Color(31, 119, 180));
        curve(chart, "Gaussian kernel estimate", grid, kernel);
        Charts.save(chart, file);
    }

    /**
     * Training points, samples drawn from the fit, and contour lines of the fitted density.
     *
     * @param points [n][2] training points
     * @param samples [m][2] samples (may be empty)
     * @param xs grid x coordinates, increasing
     * @param ys grid y coordinates, increasing
     * @param density density at (xs[i], ys[j]), indexed [j][i]
     * @param levels density values to draw contours at
     */
    public static void twoDimensional(
            Path file,
            String title,
            double[][] points,
            double[][] samples,
            double[] xs,
            double[] ys,
            double[][] density,
            double[] levels,
            String[] levelNames)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(850)
                .height(750)
                .title(title)
                .xAxisTitle("x1")
                .yAxisTitle("x2")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setXAxisMin(xs[0]).setXAxisMax(xs[xs.length - 1]);
        chart.getStyler().setYAxisMin(ys[0]).setYAxisMax(ys[ys.length - 1]);
        XYSeries train = chart.addSeries(
                "training points", ResponsibilityFigure.column(points, 0), ResponsibilityFigure.column(points, 1));
        train.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        train.setMarker(SeriesMarkers.CIRCLE);
        train.setMarkerColor(new Color(120, 120, 120, 90));
        if (samples.length > 0) {
            XYSeries drawn = chart.addSeries(
                    "samples from the fit",
                    ResponsibilityFigure.column(samples, 0),
                    ResponsibilityFigure.column(samples, 1));
            drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            drawn.setMarker(SeriesMarkers.DIAMOND);
            drawn.setMarkerColor(new Color(214, 39, 40));
        }
        Color[] colors = {
            new Color(0x08306b), new Color(0x2171b5), new Color(0x4292c6), new Color(0x6baed6), new Color(0x9ecae1)
        };
        for (int l = 0; l < levels.length; l++) {
            double[][] line = ResponsibilityFigure.Contours.lines(xs, ys, density, levels[l]);
            if (line[0].length == 0) {
                continue;
            }
            XYSeries contour = chart.addSeries(levelNames[l], line[0], line[1]);
            contour.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            contour.setMarker(SeriesMarkers.NONE);
            contour.setLineColor(colors[l % colors.length]);
            contour.setLineStyle(new BasicStroke(1.8f));
        }
        Charts.equalAxes(chart);
        Charts.save(chart, file);
    }

    /**
     * A filled density plot: each grid cell coloured by the density there (a white-to-blue scale,
     * its legend in density units), XChart's heat map over the same grid as the contours.
     *
     * @param xs grid x coordinates, increasing
     * @param ys grid y coordinates, increasing
     * @param density density at (xs[i], ys[j]), indexed [j][i]
     */
    public static void filled(Path file, String title, double[] xs, double[] ys, double[][] density)
            throws IOException {
        // to scale: the cells fill the plot, so the plot's shape must be the grid's; 177 pixels of
        // the width go to the y axis and the colour legend, 80 of the height to the titles (measured
        // on the drawn chart)
        double aspect = (ys[ys.length - 1] - ys[0]) / (xs[xs.length - 1] - xs[0]);
        int height = (int) Math.max(300, Math.min(1400, Math.round((850 - 177) * aspect) + 80));
        org.knowm.xchart.HeatMapChart chart = new org.knowm.xchart.HeatMapChartBuilder()
                .width(850)
                .height(height)
                .title(title)
                .xAxisTitle("x1")
                .yAxisTitle("x2")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setDrawBorder(false);
        chart.getStyler().setRangeColors(new Color[] {
            Color.WHITE, new Color(0xc6dbef), new Color(0x6baed6), new Color(0x2171b5), new Color(0x08306b)
        });
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double max = 0;
        List<Number[]> cells = new ArrayList<>();
        for (int j = 0; j < ys.length; j++) {
            for (int i = 0; i < xs.length; i++) {
                cells.add(new Number[] {i, j, density[j][i]});
                max = Math.max(max, density[j][i]);
            }
        }
        // XChart prints the scale's top label unformatted: two significant digits, rounded up, read cleanly
        max = new java.math.BigDecimal(max)
                .round(new java.math.MathContext(2, java.math.RoundingMode.UP))
                .doubleValue();
        chart.getStyler().setMin(0).setMax(max);
        String pattern = Charts.decimalPattern(new double[] {0, max});
        chart.getStyler().setHeatMapValueDecimalPattern(pattern);
        chart.getStyler().setHeatMapDecimalValueFormatter(v -> Charts.tick(pattern, v)); // the legend's labels
        chart.getStyler().setxAxisTickLabelsFormattingFunction(sparse(xs));
        chart.getStyler().setyAxisTickLabelsFormattingFunction(sparse(ys));
        chart.addSeries("density", boxed(xs), boxed(ys), cells);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    /** @return tick labels for every ~15th grid value only, so that a fine grid's axis stays readable */
    static java.util.function.Function<Double, String> sparse(double[] grid) {
        String pattern = Charts.decimalPattern(grid);
        int every = Math.max(1, grid.length / 6);
        java.util.Set<Double> shown = new java.util.HashSet<>();
        for (int i = 0; i < grid.length; i += every) {
            shown.add(grid[i]);
        }
        return v -> shown.contains(v) ? Charts.tick(pattern, v) : "";
    }

    /** @return the colour of mixture component c (a repeating palette of nine) */
    public static Color componentColor(int c) {
        return COMPONENT_COLORS[c % COMPONENT_COLORS.length];
    }
}
