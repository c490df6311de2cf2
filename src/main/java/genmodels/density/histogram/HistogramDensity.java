package genmodels.density.histogram;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.errors.UserError;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;

/**
 * The histogram density estimator: the training points' bounding box cut into {@code bins} equal
 * intervals per axis, and the density in a cell its share of the points over its volume,
 * {@code p(x) = count(cell of x) / (n * prod_j h_j)} (Bishop, Pattern Recognition and Machine
 * Learning, section 2.5, equation 2.241). It integrates to 1 over the box and is 0 outside it and in
 * every empty cell, so a held-out point there has log-density minus infinity: the estimator's
 * jumps and holes, which a kernel estimate smooths away. As NumPy's {@code histogram}, the last
 * interval of each axis includes its upper edge.
 */
public final class HistogramDensity implements Density {

    /** The registry entry: Sturges' number of bins per axis, ceil(log2 n) + 1, by default. */
    public static final DensityFamily FAMILY = new DensityFamily(
            "histogram",
            "histogram density on the training points' bounding box (Bishop 2006, eq. 2.241)",
            (x, random) -> fit(rows(x), sturges(x.getShape().get(0))),
            HistogramDensity::load,
            new DensityFamily.Command<>(
                    "histogram-mnist-pca2.yaml",
                    HistogramConfig.class,
                    (config, x, random) -> fit(
                            rows(x),
                            config.bins() != null
                                    ? config.bins()
                                    : sturges(x.getShape().get(0)))));

    /** Bins, box, n and the non-empty cells' counts. */
    public static final String FILE = "histogram.json";

    private final int bins;
    private final double[] low;
    private final double[] width;
    private final Map<Long, Integer> counts = new HashMap<>();
    private final int n;

    private HistogramDensity(int bins, double[] low, double[] width, int n) {
        this.bins = bins;
        this.low = low;
        this.width = width;
        this.n = n;
    }

    /**
     * @param points [n][d] training points, n at least 1
     * @param bins intervals per axis, at least 1, with bins^d at most 1e15 cells
     * @return the fitted histogram
     * @throws UserError when an axis has no spread (every point equal on it) or there are too many cells
     */
    public static HistogramDensity fit(double[][] points, int bins) {
        int d = points[0].length;
        if (Math.pow(bins, d) > 1e15) {
            throw new UserError("model.histogram_bins " + bins + " gives " + bins + "^" + d + " cells in " + d
                    + "-D, more than 1e15; use fewer bins or data.pca with fewer components");
        }
        double[] low = new double[d];
        double[] width = new double[d];
        for (int j = 0; j < d; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] p : points) {
                lo = Math.min(lo, p[j]);
                hi = Math.max(hi, p[j]);
            }
            if (!(hi > lo)) {
                throw new UserError("model.histogram_bins: every training point has the same coordinate " + (j + 1)
                        + " (" + lo + "), so its bins have no width; drop that coordinate or the histogram");
            }
            low[j] = lo;
            width[j] = (hi - lo) / bins;
        }
        HistogramDensity h = new HistogramDensity(bins, low, width, points.length);
        for (double[] p : points) {
            h.counts.merge(h.cell(p), 1, Integer::sum);
        }
        return h;
    }

    /** @return the cell's key (its per-axis indices in base {@code bins}), or -1 outside the box */
    long cell(double[] x) {
        long key = 0;
        for (int j = x.length - 1; j >= 0; j--) {
            double t = (x[j] - low[j]) / width[j];
            if (!(t >= 0) || t > bins) {
                return -1;
            }
            key = key * bins + Math.min(bins - 1, (long) Math.floor(t));
        }
        return key;
    }

    /** @return the density at x (per unit volume of the data's coordinates), 0 outside the box or in an empty cell */
    public double density(double[] x) {
        long c = cell(x);
        if (c < 0) {
            return 0;
        }
        double volume = 1;
        for (double h : width) {
            volume *= h;
        }
        return counts.getOrDefault(c, 0) / (n * volume);
    }

    /**
     * Held-out score of the histogram.
     *
     * @param meanLogDensity the mean log-density (nats) over the points where the density is positive
     *     (NaN when there are none)
     * @param zeroDensityPoints how many points fall outside the box or in an empty cell: their
     *     log-density is minus infinity, so the mean over all points is minus infinity when this is 1 or more
     */
    public record Score(double meanLogDensity, int zeroDensityPoints) {}

    /** @return the score of points [m][d] */
    public Score score(double[][] points) {
        double sum = 0;
        int zero = 0;
        for (double[] x : points) {
            double p = density(x);
            if (p > 0) {
                sum += Math.log(p);
            } else {
                zero++;
            }
        }
        int positive = points.length - zero;
        return new Score(positive == 0 ? Double.NaN : sum / positive, zero);
    }

    /** @return the interval width on each axis */
    public double[] widths() {
        return width.clone();
    }

    /** @return the lower corner of the box */
    public double[] low() {
        return low.clone();
    }

    /** @return the number of intervals per axis */
    public int bins() {
        return bins;
    }

    /** @return Sturges' number of intervals for n points, ceil(log2 n) + 1 */
    public static int sturges(long n) {
        return (int) Math.ceil(Math.log(n) / Math.log(2)) + 1;
    }

    /** @return the rows of x [n, d] as doubles */
    public static double[][] rows(NDArray x) {
        int n = Math.toIntExact(x.getShape().get(0));
        int d = Math.toIntExact(x.getShape().get(1));
        double[] flat = x.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    @Override
    public int dimension() {
        return low.length;
    }

    /** @return log p(x) per point, float64 [n] on x's device, minus infinity outside the box or in an empty cell */
    @Override
    public NDArray scoreSamples(NDArray x) {
        double[][] points = rows(x);
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = Math.log(density(points[i]));
        }
        return x.getManager().create(out);
    }

    /** Draws a cell with probability count / n, then a point uniformly inside it: float64 [n, d]. */
    @Override
    public NDArray sample(NDManager manager, int count, Random random) {
        TreeMap<Long, Integer> cells = new TreeMap<>(counts); // a fixed order, whatever the map's
        int d = low.length;
        double[] out = new double[count * d];
        for (int i = 0; i < count; i++) {
            long pick = (long) (random.nextDouble() * n);
            long key = -1;
            for (var cell : cells.entrySet()) {
                pick -= cell.getValue();
                key = cell.getKey();
                if (pick < 0) {
                    break;
                }
            }
            for (int j = 0; j < d; j++) {
                long index = key % bins;
                key /= bins;
                out[i * d + j] = low[j] + (index + random.nextDouble()) * width[j];
            }
        }
        return manager.create(out, new ai.djl.ndarray.types.Shape(count, d));
    }

    /** @return bins^d - 1: the cells' probabilities, which sum to one */
    @Override
    public OptionalLong freeParameters() {
        return OptionalLong.of(Math.round(Math.pow(bins, low.length)) - 1);
    }

    /** Writes {@link #FILE}: bins, low, width, n and [cell, count] pairs. */
    @Override
    public void save(Path folder) throws IOException {
        var json = new LinkedHashMap<String, Object>();
        json.put("bins", bins);
        json.put("low", low);
        json.put("width", width);
        json.put("n", n);
        json.put(
                "counts",
                new TreeMap<>(counts)
                        .entrySet().stream()
                                .map(e -> List.of(e.getKey(), e.getValue()))
                                .toList());
        Json.write(folder.resolve(FILE), json);
    }

    /** @return the histogram {@link #save} wrote into {@code folder} */
    public static HistogramDensity load(Path folder, NDManager manager) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserError(folder + " holds no " + FILE + "; fit with genmodels fit histogram");
        }
        JsonNode json = Json.mapper().readTree(file.toFile());
        HistogramDensity h = new HistogramDensity(
                json.path("bins").asInt(),
                Json.mapper().treeToValue(json.path("low"), double[].class),
                Json.mapper().treeToValue(json.path("width"), double[].class),
                json.path("n").asInt());
        json.path("counts")
                .forEach(pair -> h.counts.put(pair.get(0).asLong(), pair.get(1).asInt()));
        return h;
    }
}
