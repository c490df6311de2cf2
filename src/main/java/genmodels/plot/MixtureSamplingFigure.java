package genmodels.plot;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * sampling.png for a 1-D Gaussian mixture: ancestral sampling in two panels. Above, the unit
 * interval cut into one piece per component, each as long as its weight pi_k; a uniform draw u
 * picks the component whose piece holds it. Below, the weighted components' densities and the
 * point then drawn from the chosen component, x = mu_k + sigma_k eps, coloured like its piece.
 */
public final class MixtureSamplingFigure {

    private MixtureSamplingFigure() {}

    /**
     * @param file the PNG to write
     * @param title the top panel's title (the run's name and what it shows)
     * @param weights [K] mixture weights pi_k, summing to 1
     * @param means [K] component means
     * @param stds [K] component standard deviations
     * @param n the number of draws
     * @param seed seeds the draws (u, then eps)
     */
    public static void write(Path file, String title, double[] weights, double[] means, double[] stds, int n, long seed)
            throws IOException {
        Random random = new Random(seed);
        int k = weights.length;
        List<List<double[]>> drawn = new ArrayList<>(); // per component: {u, x} of its draws
        for (int c = 0; c < k; c++) {
            drawn.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int c = 0;
            double cumulative = weights[0];
            while (u > cumulative && c < k - 1) {
                c++;
                cumulative += weights[c];
            }
            drawn.get(c).add(new double[] {u, means[c] + stds[c] * random.nextGaussian()});
        }
        Charts.sheet(file, List.of(interval(title, weights, drawn), points(weights, means, stds, drawn)), 1);
    }

    private static XYChart interval(String title, double[] weights, List<List<double[]>> drawn) {
        XYChart chart = Charts.chart(900, 260, title, "u ~ Uniform(0, 1)", "");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisTicksVisible(false);
        chart.getStyler().setYAxisMin(-1.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0);
        chart.getStyler().setMarkerSize(6);
        double start = 0;
        for (int c = 0; c < weights.length; c++) {
            XYSeries piece = chart.addSeries(
                    String.format(java.util.Locale.ROOT, "component %d: pi = %s", c + 1, Charts.readable(weights[c])),
                    new double[] {start, start + weights[c]},
                    new double[] {-0.5, -0.5});
            piece.setMarker(SeriesMarkers.NONE);
            piece.setLineColor(DensityCharts.componentColor(c));
            piece.setLineStyle(new BasicStroke(14f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            start += weights[c];
            double[] u = drawn.get(c).stream().mapToDouble(d -> d[0]).toArray();
            XYSeries draws = chart.addSeries("u of component " + (c + 1), u, jitter(u.length, 0.1, 0.8, c));
            draws.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            draws.setMarker(SeriesMarkers.CIRCLE);
            draws.setMarkerColor(DensityCharts.componentColor(c));
            draws.setShowInLegend(false);
        }
        return chart;
    }

    private static XYChart points(double[] weights, double[] means, double[] stds, List<List<double[]>> drawn) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < weights.length; c++) {
            lo = Math.min(lo, means[c] - 4 * stds[c]);
            hi = Math.max(hi, means[c] + 4 * stds[c]);
        }
        XYChart chart = Charts.chart(
                900, 420, "then x ~ N(mu_k, sigma_k^2) of the chosen component", "x", "density (draws below 0)");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(6);
        double top = 0;
        for (int c = 0; c < weights.length; c++) {
            double[] grid = new double[300];
            double[] density = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = lo + (hi - lo) * i / (grid.length - 1);
                double z = (grid[i] - means[c]) / stds[c];
                density[i] = weights[c] * Math.exp(-0.5 * z * z) / (stds[c] * Math.sqrt(2 * Math.PI));
                top = Math.max(top, density[i]);
            }
            XYSeries curve = chart.addSeries("pi_k N(x; mu_k, sigma_k^2), k = " + (c + 1), grid, density);
            curve.setMarker(SeriesMarkers.NONE);
            curve.setLineColor(DensityCharts.componentColor(c));
            curve.setLineStyle(new BasicStroke(2f));
        }
        for (int c = 0; c < weights.length; c++) {
            double[] x = drawn.get(c).stream().mapToDouble(d -> d[1]).toArray();
            double[] y = jitter(x.length, -0.2 * top, 0.15 * top, c);
            XYSeries draws = chart.addSeries(
                    String.format(java.util.Locale.ROOT, "%d draws from component %d", x.length, c + 1), x, y);
            draws.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            draws.setMarker(SeriesMarkers.CIRCLE);
            draws.setMarkerColor(DensityCharts.componentColor(c));
        }
        chart.getStyler().setXAxisDecimalPattern(Charts.decimalPattern(new double[] {lo, hi}));
        chart.getStyler().setYAxisDecimalPattern(Charts.decimalPattern(new double[] {0, top}));
        return chart;
    }

    /** @return heights spread in [from, from + span) so that draws at the same place stay apart */
    private static double[] jitter(int n, double from, double span, int salt) {
        Random random = new Random(1000 + salt);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = from + span * random.nextDouble();
        }
        return y;
    }
}
