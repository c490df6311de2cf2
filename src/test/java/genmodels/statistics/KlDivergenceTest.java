package genmodels.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The two closed forms against exact values and a numerical integral. */
class KlDivergenceTest {

    @Test
    void theDiscreteExampleBothWaysInExactLogarithms() {
        double[] p = {9 / 25.0, 12 / 25.0, 4 / 25.0};
        double[] q = {1 / 3.0, 1 / 3.0, 1 / 3.0};
        double ln2 = Math.log(2);
        double ln3 = Math.log(3);
        double ln5 = Math.log(5);
        assertEquals((32 * ln2 + 55 * ln3 - 50 * ln5) / 25, KlDivergence.discrete(p, q), 1e-15);
        assertEquals((-4 * ln2 - 6 * ln3 + 6 * ln5) / 3, KlDivergence.discrete(q, p), 1e-15);
        assertEquals(0.0, KlDivergence.discrete(p, p), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, KlDivergence.discrete(new double[] {0.5, 0.5}, new double[] {1, 0}));
        assertEquals(Math.log(2), KlDivergence.discrete(new double[] {1, 0}, new double[] {0.5, 0.5}), 1e-15);
    }

    @Test
    void theGaussianClosedFormEqualsTheIntegralOfPLogPOverQ() {
        double[][] cases = {{0, 1, 1, 2}, {1, 2, 0, 1}, {-3, 0.5, 2, 1.5}, {0, 1, 0, 1}};
        for (double[] c : cases) {
            // Simpson's rule on [-30, 30] (over 14 standard deviations of each), 60,000 intervals
            double lo = -30;
            double hi = 30;
            int n = 60_000;
            double h = (hi - lo) / n;
            double sum = 0;
            for (int i = 0; i <= n; i++) {
                double x = lo + i * h;
                double p = KlDivergence.normalDensity(x, c[0], c[1]);
                double q = KlDivergence.normalDensity(x, c[2], c[3]);
                double f = p == 0 ? 0 : p * Math.log(p / q);
                sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
            }
            double integral = sum * h / 3;
            double closed = KlDivergence.gaussian(c[0], c[1], c[2], c[3]);
            assertEquals(integral, closed, 1e-8, java.util.Arrays.toString(c));
            assertTrue(closed >= 0);
        }
        assertEquals(Math.log(2) + 0.25 - 0.5, KlDivergence.gaussian(0, 1, 1, 2), 1e-15);
    }
}
