package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.density.histogram.HistogramDensity;
import genmodels.plot.DensityCharts;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * fit-kde's {@code model.histogram_bins}: the histogram estimator fitted on the same training
 * points as the kernel estimate, its held-out score beside the kernel's, and for 1-D points
 * histogram.png with both densities.
 */
final class HistogramFigures {

    private static final int GRID = 400;

    private HistogramFigures() {}

    /** @return the histogram's figures for summary.json */
    static Map<String, Object> fit(
            int bins, Points points, KdeRun.Fitted kde, genmodels.io.RunDirectory run, PrintWriter out)
            throws IOException {
        double[][] train = rows(points.train());
        HistogramDensity h = HistogramDensity.fit(train, bins);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("bins", bins);
        figures.put("bin_widths", h.widths());
        String scored = "";
        if (points.test() != null) {
            HistogramDensity.Score s = h.score(rows(points.test()));
            int m = Math.toIntExact(points.test().getShape().get(0));
            figures.put("test_mean_log_likelihood_where_positive", s.meanLogDensity());
            figures.put("test_points_with_zero_density", s.zeroDensityPoints());
            figures.put("test_points", m);
            scored = String.format(
                    Locale.ROOT,
                    "; held out: %.4f nats per point over the %d points with positive density, %d of %d in"
                            + " empty cells or outside the box (log-density -infinity)",
                    s.meanLogDensity(),
                    m - s.zeroDensityPoints(),
                    s.zeroDensityPoints(),
                    m);
        }
        out.printf(
                Locale.ROOT,
                "histogram estimator: %d intervals per axis, widths %s%s%n",
                bins,
                Arrays.toString(Arrays.stream(h.widths())
                        .mapToObj(w -> String.format(Locale.ROOT, "%.4g", w))
                        .toArray()),
                scored);
        if (points.dimension() == 1) {
            picture(h, train, points.train(), kde, run, figures);
        }
        return figures;
    }

    private static void picture(
            HistogramDensity h,
            double[][] train,
            NDArray trainArray,
            KdeRun.Fitted kde,
            genmodels.io.RunDirectory run,
            Map<String, Object> figures)
            throws IOException {
        double lo = h.low()[0];
        double width = h.widths()[0];
        double hi = lo + h.bins() * width;
        double margin = 0.1 * (hi - lo);
        double[] grid = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            grid[i] = lo - margin + (hi - lo + 2 * margin) * i / (GRID - 1);
        }
        double[] heights = new double[h.bins()];
        for (int b = 0; b < heights.length; b++) {
            heights[b] = h.density(new double[] {lo + (b + 0.5) * width});
        }
        double[] kernel;
        NDManager m = trainArray.getManager();
        try (NDManager scratch = m.newSubManager()) {
            NDArray at = scratch.create(grid, new Shape(GRID, 1)).toType(trainArray.getDataType(), false);
            kernel = kde.kde()
                    .scoreSamples(at)
                    .exp()
                    .toType(DataType.FLOAT64, false)
                    .toDoubleArray();
        }
        Object test = figures.get("test_mean_log_likelihood_where_positive");
        DensityCharts.histogramBesideKernel(
                run.file("histogram.png"),
                String.format(
                        Locale.ROOT,
                        "%s: histogram (%d intervals) and Gaussian KDE (%s, factor %.3g) of %d points",
                        run.root().getFileName(),
                        h.bins(),
                        kde.rule(),
                        kde.factor(),
                        train.length),
                lo,
                width,
                heights,
                grid,
                kernel,
                test == null
                        ? null
                        : String.format(
                                Locale.ROOT,
                                "held out: histogram %.4f nats where positive (%s of %s points at density 0),"
                                        + " KDE %.4f nats",
                                (double) test,
                                figures.get("test_points_with_zero_density"),
                                figures.get("test_points"),
                                kde.test()));
    }

    /** @return an [n, d] array as n rows of doubles */
    static double[][] rows(NDArray points) {
        int n = Math.toIntExact(points.getShape().get(0));
        int d = Math.toIntExact(points.getShape().get(1));
        double[] flat = points.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return rows;
    }
}
