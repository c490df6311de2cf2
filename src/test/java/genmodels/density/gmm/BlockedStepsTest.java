package genmodels.density.gmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The E- and M-steps work on blocks of points; their results must not depend on where blocks end. */
class BlockedStepsTest {

    @Test
    void blockedStepsEqualTheFormulasComputedPointByPoint() {
        int n = (int) (2 * Components.ROWS + 123); // three blocks, the last one partial
        int d = 3;
        int k = 2;
        Random random = new Random(11);
        double[] x = new double[n * d];
        double[] r = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = random.nextGaussian() * (j + 1) + (i % 2 == 0 ? 2 : -1);
            }
            double a = random.nextDouble();
            r[i * k] = a;
            r[i * k + 1] = 1 - a;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray points = m.create(x, new Shape(n, d));
            Components c = Components.maximize(points, m.create(r, new Shape(n, k)), CovarianceType.FULL, 0);
            for (int comp = 0; comp < k; comp++) { // M-step: weighted mean and weighted centred covariance
                double nk = 0;
                double[] mean = new double[d];
                for (int i = 0; i < n; i++) {
                    nk += r[i * k + comp];
                    for (int j = 0; j < d; j++) {
                        mean[j] += r[i * k + comp] * x[i * d + j];
                    }
                }
                for (int j = 0; j < d; j++) {
                    mean[j] /= nk;
                    assertEquals(mean[j], c.means[comp * d + j], 1e-10);
                }
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        double s = 0;
                        for (int i = 0; i < n; i++) {
                            s += r[i * k + comp] * (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]);
                        }
                        assertEquals(s / nk, c.covariances[comp * d * d + a * d + b], 1e-9);
                    }
                }
                assertEquals(nk / n, c.weights[comp], 1e-12);
            }
            double[] weighted = c.weightedLogProb(points).toDoubleArray(); // E-step: log w_k N(x | mu_k, Sigma_k)
            for (int i : new int[] {0, (int) Components.ROWS - 1, (int) Components.ROWS, n - 1}) {
                for (int comp = 0; comp < k; comp++) {
                    assertEquals(logDensity(c, comp, x, i, d), weighted[i * k + comp], 1e-9, "point " + i);
                }
            }
        }
    }

    /** log w + log N(x_i | mu, Sigma) through Sigma's inverse and determinant (Cramer's rule, d = 3). */
    private static double logDensity(Components c, int comp, double[] x, int i, int d) {
        double[] s = java.util.Arrays.copyOfRange(c.covariances, comp * d * d, (comp + 1) * d * d);
        double det = s[0] * (s[4] * s[8] - s[5] * s[7])
                - s[1] * (s[3] * s[8] - s[5] * s[6])
                + s[2] * (s[3] * s[7] - s[4] * s[6]);
        double[] inv = {
            (s[4] * s[8] - s[5] * s[7]) / det, (s[2] * s[7] - s[1] * s[8]) / det, (s[1] * s[5] - s[2] * s[4]) / det,
            (s[5] * s[6] - s[3] * s[8]) / det, (s[0] * s[8] - s[2] * s[6]) / det, (s[2] * s[3] - s[0] * s[5]) / det,
            (s[3] * s[7] - s[4] * s[6]) / det, (s[1] * s[6] - s[0] * s[7]) / det, (s[0] * s[4] - s[1] * s[3]) / det
        };
        double q = 0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                q += (x[i * d + a] - c.means[comp * d + a]) * inv[a * d + b] * (x[i * d + b] - c.means[comp * d + b]);
            }
        }
        return Math.log(c.weights[comp]) - 0.5 * d * Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
    }
}
