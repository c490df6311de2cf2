package genmodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinalgTest {

    @Test
    void eighGivesAscendingEigenvaluesAndOrthonormalEigenvectorsOfASymmetricMatrix() {
        int d = 6;
        Random random = new Random(2);
        double[] b = new double[d * d];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        double[] a = new double[d * d]; // B B^T + diag(1..d): symmetric positive definite
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sum = i == j ? i + 1 : 0;
                for (int k = 0; k < d; k++) {
                    sum += b[i * d + k] * b[j * d + k];
                }
                a[i * d + j] = sum;
            }
        }
        double[] e;
        try (NDManager m = NDManager.newBaseManager()) {
            e = Linalg.eigh(m.create(a, new Shape(d, d)));
        }
        assertEquals((d + 1) * d, e.length);
        for (int j = 0; j < d; j++) {
            if (j > 0) {
                assertTrue(e[j] >= e[j - 1], "ascending");
            }
            for (int i = 0; i < d; i++) { // (A v_j)_i = w_j v_ij
                double av = 0;
                for (int k = 0; k < d; k++) {
                    av += a[i * d + k] * e[(k + 1) * d + j];
                }
                assertEquals(e[j] * e[(i + 1) * d + j], av, 1e-10);
            }
            for (int k = 0; k < d; k++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += e[(i + 1) * d + j] * e[(i + 1) * d + k];
                }
                assertEquals(j == k ? 1 : 0, dot, 1e-12);
            }
        }
        double trace = 0;
        double sum = 0;
        for (int i = 0; i < d; i++) {
            trace += a[i * d + i];
            sum += e[i];
        }
        assertEquals(trace, sum, 1e-9);
    }
}
