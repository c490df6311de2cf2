package genmodels.density.histogram;

import genmodels.errors.UserError;
import java.util.HashMap;
import java.util.Map;

/**
 * The histogram density estimator: the training points' bounding box cut into {@code bins} equal
 * intervals per axis, and the density in a cell its share of the points over its volume,
 * {@code p(x) = count(cell of x) / (n * prod_j h_j)} (Bishop, Pattern Recognition and Machine
 * Learning, section 2.5, equation 2.241). It integrates to 1 over the box and is 0 outside it and in
 * every empty cell, so a held-out point there has log-density minus infinity: the estimator's
 * jumps and holes, which a kernel estimate smooths away. As NumPy's {@code histogram}, the last
 * interval of each axis includes its upper edge.
 */
public final class HistogramDensity {

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
}
