package genmodels.density.tmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmOptions;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StudentTMixtureTest {

    @Test
    void logGammaMatchesKnownValues() {
        assertEquals(Math.log(24), StudentTMixture.logGamma(5), 1e-13);
        assertEquals(0.5 * Math.log(Math.PI), StudentTMixture.logGamma(0.5), 1e-13);
        // Python's math.lgamma
        assertEquals(13.48203678613836, StudentTMixture.logGamma(10.3), 1e-12);
        assertEquals(1.0957979948180752, StudentTMixture.logGamma(0.3), 1e-12);
        assertEquals(0.2846828704729196, StudentTMixture.logGamma(2.5), 1e-13);
    }

    /** nu = 1 in one dimension is the Cauchy distribution: log p = -log(pi s (1 + ((x - mu) / s)^2)). */
    @Test
    void oneDegreeOfFreedomInOneDimensionIsTheCauchyDensity() {
        StudentTMixture cauchy =
                StudentTMixture.fromParameters(1, new double[] {1}, new double[] {0.5}, new double[] {4});
        double[] xs = {-7, 0.5, 1, 30};
        try (NDManager m = NDManager.newBaseManager()) {
            double[] got = cauchy.scoreSamples(m.create(xs, new Shape(4, 1))).toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double z = (xs[i] - 0.5) / 2;
                assertEquals(-Math.log(Math.PI * 2 * (1 + z * z)), got[i], 1e-12, "x = " + xs[i]);
            }
        }
    }

    /** Against SciPy 1.17's multivariate_t.logpdf, mixed with logaddexp, on the same mixture and points. */
    @Test
    void aTwoComponentMixtureScoresAsSciPy() {
        StudentTMixture t =
                StudentTMixture.fromParameters(3.5, new double[] {0.3, 0.7}, new double[] {0, 0, 2, -1}, new double[] {
                    1, 0.3, 0.3, 2, 0.5, -0.1, -0.1, 0.8
                });
        double[] scipy = {-3.2060838159485576, -2.373341245162537, -8.54642925407063, -12.969328799305268};
        try (NDManager m = NDManager.newBaseManager()) {
            double[] got = t.scoreSamples(m.create(new double[] {0.1, 0.2, 2.5, -0.5, -3, 4, 10, 10}, new Shape(4, 2)))
                    .toDoubleArray();
            for (int i = 0; i < scipy.length; i++) {
                assertEquals(scipy[i], got[i], 1e-10, "point " + i);
            }
        }
    }

    @Test
    void gammaDrawsHaveTheirShapeAsMean() {
        Random r = new Random(11);
        for (double shape : new double[] {0.7, 3}) {
            double sum = 0;
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                sum += StudentTMixture.gamma(shape, r);
            }
            assertEquals(shape, sum / n, 0.02, "shape " + shape); // standard error sqrt(shape / n) < 0.004
        }
    }

    /**
     * On heavy-tailed data (a t-mixture with nu = 2), EM never lowers the likelihood, and the fitted
     * t-mixture scores held-out points better than a Gaussian mixture of the same K.
     */
    @Test
    void onHeavyTailsEmClimbsAndBeatsTheGaussianMixture() {
        StudentTMixture truth = StudentTMixture.fromParameters(
                2, new double[] {0.5, 0.5}, new double[] {-3, 0, 3, 1}, new double[] {1, 0, 0, 1, 1, 0.5, 0.5, 1});
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray train = truth.sample(m, 2000, new Random(1));
            NDArray test = truth.sample(m, 2000, new Random(2));
            StudentTMixture fitted =
                    StudentTMixture.fit(train, new TmmConfig("tmm", 2, 2, 200, 1e-6, 1e-6), new Random(3));
            double[] history = fitted.history();
            for (int i = 1; i < history.length; i++) {
                assertTrue(history[i] >= history[i - 1] - 1e-9, "EM lowered the likelihood at iteration " + (i + 1));
            }
            GaussianMixture gmm = GaussianMixture.fit(train, GmmOptions.defaults(2, CovarianceType.FULL, 3));
            double tScore = fitted.score(test);
            double gScore = gmm.score(test);
            assertTrue(tScore > gScore + 0.1, "t-mixture " + tScore + " vs Gaussian mixture " + gScore);
            assertTrue(fitted.converged(), "converged within 200 iterations");
        }
    }
}
