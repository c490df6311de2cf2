package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.plot.DensityCharts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@code density.png} for 1-D and 2-D points: evaluates a fitted log-density on a grid around the
 * training points and draws it with {@link genmodels.plot.DensityCharts}; for 2-D points also {@code
 * density_filled.png}, the same grid as a filled (heat-map) plot.
 */
final class DensityFigures {

    private static final int GRID_1D = 400;
    private static final int GRID_2D = 150;

    private DensityFigures() {}

    /**
     * @param file the PNG
     * @param title chart title
     * @param train float64 [n, d] with d = 1 or 2
     * @param logDensity float64 [m, d] to [m], nats
     * @param componentShares float64 [m, d] to [m, K] responsibilities (1-D component curves), or null
     * @param samples float [s, d] drawn from the fit, or null
     */
    static void write(
            Path file,
            String title,
            NDArray train,
            Function<NDArray, NDArray> logDensity,
            Function<NDArray, NDArray> componentShares,
            NDArray samples)
            throws IOException {
        int d = Math.toIntExact(train.getShape().get(1));
        double[] values = train.toType(DataType.FLOAT64, false).toDoubleArray();
        NDManager m = train.getManager();
        try (NDManager scratch = m.newSubManager()) {
            if (d == 1) {
                oneDimensional(file, title, values, logDensity, componentShares, samples, scratch);
            } else if (d == 2) {
                twoDimensional(file, title, train, values, logDensity, samples, scratch);
            }
        }
    }

    private static void oneDimensional(
            Path file,
            String title,
            double[] values,
            Function<NDArray, NDArray> logDensity,
            Function<NDArray, NDArray> componentShares,
            NDArray samples,
            NDManager scratch)
            throws IOException {
        double[] range = range(values, 1, 0, 0.0, 1.0);
        double[] grid = linspace(range[0], range[1], GRID_1D);
        NDArray g = scratch.create(grid, new Shape(GRID_1D, 1));
        double[] logp = logDensity.apply(g).toDoubleArray();
        double[] density = Arrays.stream(logp).map(Math::exp).toArray();
        List<double[]> components = new ArrayList<>();
        if (componentShares != null) {
            double[] shares = componentShares.apply(g).toDoubleArray();
            int k = shares.length / GRID_1D;
            for (int c = 0; c < k; c++) {
                double[] curve = new double[GRID_1D];
                for (int i = 0; i < GRID_1D; i++) {
                    curve[i] = density[i] * shares[i * k + c];
                }
                components.add(curve);
            }
        }
        double[][] drawn = null;
        if (samples != null && samples.getShape().get(0) > 0) {
            NDArray s = samples.toType(DataType.FLOAT64, false);
            s.attach(scratch);
            double[] at = logDensity.apply(s.reshape(-1, 1)).toDoubleArray();
            drawn = new double[][] {
                s.toDoubleArray(), Arrays.stream(at).map(Math::exp).toArray()
            };
        }
        DensityCharts.oneDimensional(file, title, values, grid, density, components, drawn);
    }

    private static void twoDimensional(
            Path file,
            String title,
            NDArray train,
            double[] values,
            Function<NDArray, NDArray> logDensity,
            NDArray samples,
            NDManager scratch)
            throws IOException {
        double[] xr = range(values, 2, 0, 0.005, 0.995);
        double[] yr = range(values, 2, 1, 0.005, 0.995);
        double[] xs = linspace(xr[0], xr[1], GRID_2D);
        double[] ys = linspace(yr[0], yr[1], GRID_2D);
        double[] flat = new double[GRID_2D * GRID_2D * 2];
        for (int j = 0; j < GRID_2D; j++) {
            for (int i = 0; i < GRID_2D; i++) {
                flat[(j * GRID_2D + i) * 2] = xs[i];
                flat[(j * GRID_2D + i) * 2 + 1] = ys[j];
            }
        }
        double[] logp = logDensity
                .apply(scratch.create(flat, new Shape(GRID_2D * GRID_2D, 2)))
                .toDoubleArray();
        double[][] density = new double[GRID_2D][GRID_2D];
        for (int j = 0; j < GRID_2D; j++) {
            for (int i = 0; i < GRID_2D; i++) {
                density[j][i] = Math.exp(logp[j * GRID_2D + i]);
            }
        }
        // contours at the density exceeded by 90%, 70%, 50%, 30% and 10% of the training points
        NDArray subset = train.get(
                scratch, new ai.djl.ndarray.index.NDIndex().addSliceDim(0, Math.min(5000, values.length / 2)));
        double[] atPoints = logDensity.apply(subset).toDoubleArray();
        Arrays.sort(atPoints);
        double[] fractions = {0.1, 0.3, 0.5, 0.7, 0.9};
        double[] levels = new double[fractions.length];
        String[] names = new String[fractions.length];
        for (int l = 0; l < fractions.length; l++) {
            levels[l] = Math.exp(atPoints[(int) (fractions[l] * (atPoints.length - 1))]);
            names[l] = String.format("contour around %.0f%% of the points", 100 * (1 - fractions[l]));
        }
        DensityCharts.twoDimensional(
                file,
                title,
                rows(values, 2, 3000),
                samples == null
                        ? new double[0][]
                        : rows(samples.toType(DataType.FLOAT64, false).toDoubleArray(), 2, 1000),
                xs,
                ys,
                density,
                levels,
                names);
        DensityCharts.filled(
                file.resolveSibling(file.getFileName().toString().replace(".png", "_filled.png")),
                title + " (filled)",
                xs,
                ys,
                density);
    }

    /** A quantile range of column j, padded by 10% on each side. */
    private static double[] range(double[] values, int d, int j, double lowQ, double highQ) {
        int n = values.length / d;
        double[] column = new double[n];
        for (int i = 0; i < n; i++) {
            column[i] = values[i * d + j];
        }
        Arrays.sort(column);
        double low = column[(int) (lowQ * (n - 1))];
        double high = column[(int) (highQ * (n - 1))];
        double pad = 0.1 * Math.max(high - low, 1e-9);
        return new double[] {low - pad, high + pad};
    }

    private static double[] linspace(double a, double b, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = a + (b - a) * i / (count - 1);
        }
        return out;
    }

    private static double[][] rows(double[] flat, int d, int limit) {
        int n = Math.min(flat.length / d, limit);
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }
}
