package genmodels.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Retrieval by a representation: for each query, the k training items nearest to it, and how many
 * of them share its class (precision at k). Euclidean distances for real-valued codes and pixels;
 * Hamming distances for binary codes (each code dimension thresholded at its training median, the
 * semantic-hashing reading of an autoencoder's code: Salakhutdinov and Hinton 2009).
 */
public final class NearestNeighbours {

    /** Queries per block of the distance matrix ([block, N] floats at a time). */
    private static final int BLOCK = 100;

    private NearestNeighbours() {}

    /**
     * @param queries [Q, d] float
     * @param items [N, d] float, the collection searched
     * @param k neighbours per query, at most N
     * @return [Q, k] int64 indices into items, nearest first
     */
    public static NDArray euclidean(NDArray queries, NDArray items, int k) {
        NDArray squares = items.square().sum(new int[] {1}).expandDims(0); // [1, N]
        NDArray transposed = items.transpose();
        // ||q - x||^2 ranked without ||q||^2, the same for every item: ||x||^2 - 2 q.x; q first, so that
        // each block's arrays belong to the block's manager
        NDArray nearest = blocks(queries, k, q -> q.matMul(transposed).mul(-2).add(squares));
        squares.close();
        transposed.close();
        return nearest;
    }

    /**
     * @param queries [Q, d] in {0, 1}
     * @param items [N, d] in {0, 1}
     * @return [Q, k] indices of the k items at the least Hamming distance, nearest first
     */
    public static NDArray hamming(NDArray queries, NDArray items, int k) {
        NDArray ones = items.sum(new int[] {1}).expandDims(0);
        NDArray transposed = items.transpose();
        // |q xor x| = |q| + |x| - 2 q.x, and |q| is the same for every item of a query
        NDArray nearest = blocks(queries, k, q -> q.matMul(transposed).mul(-2).add(ones));
        ones.close();
        transposed.close();
        return nearest;
    }

    /**
     * @param codes [N, d]
     * @param medians [d] each dimension's threshold
     * @return [N, d] float 1 where the code is above its dimension's median, else 0
     */
    public static NDArray binary(NDArray codes, NDArray medians) {
        return codes.gt(medians.expandDims(0)).toType(DataType.FLOAT32, false);
    }

    /** @return [d] the median of each column of [N, d] */
    public static NDArray medians(NDArray codes) {
        long n = codes.getShape().get(0);
        return codes.sort(0).get(new NDIndex("{}, :", (n - 1) / 2));
    }

    /**
     * @param neighbours [Q, k] indices into items
     * @param queryLabels [Q] classes
     * @param itemLabels [N] classes
     * @return the mean over queries of the share of its k neighbours in its class
     */
    public static double precision(NDArray neighbours, NDArray queryLabels, NDArray itemLabels) {
        long[] found = neighbours.toLongArray();
        int[] q = queryLabels.toType(DataType.INT32, false).toIntArray();
        int[] items = itemLabels.toType(DataType.INT32, false).toIntArray();
        int k = (int) neighbours.getShape().get(1);
        long same = 0;
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < k; j++) {
                if (items[(int) found[i * k + j]] == q[i]) {
                    same++;
                }
            }
        }
        return same / (double) (q.length * (long) k);
    }

    private static NDArray blocks(NDArray queries, int k, java.util.function.UnaryOperator<NDArray> distances) {
        long n = queries.getShape().get(0);
        NDManager manager = queries.getManager();
        ai.djl.ndarray.NDList parts = new ai.djl.ndarray.NDList();
        for (long from = 0; from < n; from += BLOCK) {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray q = queries.get(new NDIndex("{}:{}", from, Math.min(n, from + BLOCK)));
                q.attach(scratch);
                NDArray nearest = distances.apply(q).argSort(1, true).get(new NDIndex(":, :{}", k));
                nearest.attach(manager);
                parts.add(nearest);
            }
        }
        return ai.djl.ndarray.NDArrays.concat(parts, 0);
    }
}
