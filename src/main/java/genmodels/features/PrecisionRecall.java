package genmodels.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Improved precision and recall of Kynkäänniemi et al. (NeurIPS 2019, sec. 3, eqs. 1-2): each
 * real feature vector gets a ball whose radius is the distance to its k-th nearest other real
 * vector; precision is the share of generated vectors inside at least one real ball, recall the
 * share of real vectors inside at least one ball of the generated set (radii from the generated
 * vectors' own k-th neighbours). Euclidean distances in float64, computed in blocks of rows.
 */
public final class PrecisionRecall {

    /** The neighbourhood size of the paper. */
    public static final int DEFAULT_K = 3;

    private static final int BLOCK = 1000;

    private PrecisionRecall() {}

    /**
     * @param precision share of generated images inside the real manifold estimate, in [0, 1]
     * @param recall share of real images inside the generated manifold estimate, in [0, 1]
     * @param k the neighbour whose distance is each ball's radius
     */
    public record Result(double precision, double recall, int k) {}

    /**
     * @param real [n, D] features, n > k
     * @param generated [m, D] features, m > k
     */
    public static Result of(NDArray real, NDArray generated, int k) {
        try (NDManager scratch = real.getManager().newSubManager()) {
            NDArray r = real.toType(DataType.FLOAT64, true);
            NDArray g = generated.toType(DataType.FLOAT64, true);
            r.attach(scratch);
            g.attach(scratch);
            NDArray realRadii = kthNeighbourDistance(r, k, scratch);
            NDArray generatedRadii = kthNeighbourDistance(g, k, scratch);
            return new Result(coverage(g, r, realRadii, scratch), coverage(r, g, generatedRadii, scratch), k);
        }
    }

    /** @return [n] the distance from each row to its k-th nearest other row (the row itself is 0th) */
    static NDArray kthNeighbourDistance(NDArray x, int k, NDManager into) {
        NDList parts = new NDList();
        long n = x.getShape().get(0);
        for (long from = 0; from < n; from += BLOCK) {
            try (NDManager block = into.newSubManager()) {
                NDArray rows = x.get(block, new NDIndex().addSliceDim(from, Math.min(n, from + BLOCK)));
                NDArray sorted = distances(rows, x).sort(1);
                NDArray radius = sorted.get(new NDIndex(":, {}", k));
                radius.attach(into);
                parts.add(radius);
            }
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }

    /** @return the share of points within radius[j] of some centre j */
    static double coverage(NDArray points, NDArray centres, NDArray radii, NDManager m) {
        long n = points.getShape().get(0);
        long inside = 0;
        for (long from = 0; from < n; from += BLOCK) {
            try (NDManager block = m.newSubManager()) {
                NDArray rows = points.get(block, new NDIndex().addSliceDim(from, Math.min(n, from + BLOCK)));
                NDArray within = distances(rows, centres).lte(radii.expandDims(0));
                inside += within.toType(DataType.INT32, false)
                        .max(new int[] {1})
                        .sum()
                        .getLong();
            }
        }
        return (double) inside / n;
    }

    /** @return [a, b] Euclidean distances, from |x|^2 - 2 x.y + |y|^2 clipped at 0 */
    static NDArray distances(NDArray a, NDArray b) {
        NDArray aa = a.mul(a).sum(new int[] {1}).expandDims(1);
        NDArray bb = b.mul(b).sum(new int[] {1}).expandDims(0);
        return aa.sub(a.matMul(b.transpose()).mul(2)).add(bb).maximum(0).sqrt();
    }
}
