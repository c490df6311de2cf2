package genmodels.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Nearest neighbours by Euclidean and Hamming distance against hand-worked answers. */
class NearestNeighboursTest {

    @Test
    void euclideanHammingMediansAndPrecision() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray items = m.create(new float[] {0, 0, 10, 0, 0, 3, 9, 9}, new Shape(4, 2));
            NDArray queries = m.create(new float[] {1, 0, 10, 8}, new Shape(2, 2));
            NDArray nearest = NearestNeighbours.euclidean(queries, items, 2);
            // (1, 0): item 0 at 1, item 2 at sqrt(10); (10, 8): item 3 at sqrt(2), item 1 at 8
            assertArrayEquals(new long[] {0, 2, 3, 1}, nearest.toLongArray());
            NDArray labels = m.create(new int[] {0, 1, 1, 1}); // query 0: 1 of 2 in class 0; query 1: 2 of 2
            assertEquals(0.75, NearestNeighbours.precision(nearest, m.create(new int[] {0, 1}), labels), 1e-12);
            NDArray bits = m.create(new float[] {1, 1, 0, 0, 1, 0, 0, 1}, new Shape(4, 2));
            NDArray q = m.create(new float[] {1, 1}, new Shape(1, 2));
            long[] hamming = NearestNeighbours.hamming(q, bits, 3).toLongArray();
            assertEquals(0, hamming[0], "identical bits first");
            assertEquals(
                    java.util.Set.of(2L, 3L), java.util.Set.of(hamming[1], hamming[2]), "then the two at distance 1");
            NDArray codes = m.create(new float[] {5, 1, 2, 1, 3, 9}, new Shape(3, 2));
            assertArrayEquals(
                    new float[] {3, 1}, NearestNeighbours.medians(codes).toFloatArray());
            assertArrayEquals(
                    new float[] {1, 0, 0, 0, 0, 1},
                    NearestNeighbours.binary(codes, NearestNeighbours.medians(codes))
                            .toFloatArray());
        }
    }
}
