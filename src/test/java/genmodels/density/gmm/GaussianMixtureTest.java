package genmodels.density.gmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import genmodels.TestData;
import genmodels.data.Datasets;
import genmodels.errors.UserError;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    /** Three 2-D blobs with known weights, means and (diagonal) spreads. */
    static double[] blobs(int n, long seed) {
        Random r = new Random(seed);
        double[][] means = {{-5, 0}, {5, 1}, {0, 6}};
        double[][] sd = {{1.0, 0.5}, {0.7, 0.7}, {0.4, 1.2}};
        double[] w = {0.5, 0.3, 0.2};
        double[] x = new double[n * 2];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            int c = u < w[0] ? 0 : u < w[0] + w[1] ? 1 : 2;
            x[2 * i] = means[c][0] + sd[c][0] * r.nextGaussian();
            x[2 * i + 1] = means[c][1] + sd[c][1] * r.nextGaussian();
        }
        return x;
    }

    @Test
    void oneComponentIsTheClosedFormMaximumLikelihoodGaussian() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 500;
            double[] data = blobs(n, 1);
            NDArray x = m.create(data, new Shape(n, 2));
            GaussianMixture g = GaussianMixture.fit(x, GmmOptions.defaults(1, CovarianceType.FULL, 0));
            double[] mean = new double[2];
            for (int i = 0; i < n; i++) {
                mean[0] += data[2 * i] / n;
                mean[1] += data[2 * i + 1] / n;
            }
            double[] cov = new double[4];
            for (int i = 0; i < n; i++) {
                double a = data[2 * i] - mean[0];
                double b = data[2 * i + 1] - mean[1];
                cov[0] += a * a / n;
                cov[1] += a * b / n;
                cov[3] += b * b / n;
            }
            cov[2] = cov[1];
            assertArrayEquals(mean, g.means()[0], 1e-9);
            double reg = 1e-6;
            assertArrayEquals(new double[] {cov[0] + reg, cov[1], cov[2], cov[3] + reg}, g.covariances(), 1e-9);
            // log-likelihood from the closed-form density, with EJML's inverse and determinant
            DMatrixRMaj sigma = new DMatrixRMaj(2, 2, true, g.covariances());
            DMatrixRMaj inverse = new DMatrixRMaj(2, 2);
            CommonOps_DDRM.invert(sigma, inverse);
            double logDet = Math.log(CommonOps_DDRM.det(sigma));
            double total = 0;
            for (int i = 0; i < n; i++) {
                double a = data[2 * i] - mean[0];
                double b = data[2 * i + 1] - mean[1];
                double q = a * a * inverse.get(0, 0) + 2 * a * b * inverse.get(0, 1) + b * b * inverse.get(1, 1);
                total += -0.5 * (2 * Math.log(2 * Math.PI) + logDet + q);
            }
            assertEquals(total / n, g.score(x), 1e-9);
            assertTrue(g.converged());
        }
    }

    @Test
    void emRecoversThreeBlobsWithEveryCovarianceTypeAndNeverDecreasesTheLikelihood() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 3000;
            NDArray x = m.create(blobs(n, 2), new Shape(n, 2));
            for (CovarianceType type : CovarianceType.values()) {
                for (String init : GmmOptions.INITS) {
                    GaussianMixture g = GaussianMixture.fit(x, new GmmOptions(3, type, init, 2, 300, 1e-6, 1e-6, 7));
                    double[] h = g.history();
                    for (int i = 1; i < h.length; i++) {
                        assertTrue(h[i] >= h[i - 1] - 1e-9, type + " " + init + ": EM lowered the likelihood at " + i);
                    }
                    assertTrue(g.converged(), type + " " + init);
                    assertEquals(g.lowerBound(), h[h.length - 1]);
                    if (type == CovarianceType.TIED && !init.equals("kmeans++")) {
                        // with a shared covariance started from the whole data's (random) or from a few
                        // points (random_from_data), EM stops at the symmetric fixed point of equal
                        // weights; scikit-learn 1.2 stops there too on this data, for every seed tried
                        continue;
                    }
                    double[] weights = g.weights().clone();
                    java.util.Arrays.sort(weights);
                    assertArrayEquals(new double[] {0.2, 0.3, 0.5}, weights, 0.03, type + " " + init);
                    double[][] means = g.means();
                    java.util.Arrays.sort(means, (a, b) -> Double.compare(a[0] + 10 * a[1], b[0] + 10 * b[1]));
                    assertArrayEquals(new double[] {-5, 0}, means[0], 0.15, type + " " + init);
                    assertArrayEquals(new double[] {5, 1}, means[1], 0.15, type + " " + init);
                    assertArrayEquals(new double[] {0, 6}, means[2], 0.15, type + " " + init);
                }
            }
        }
    }

    @Test
    void diagonalScoreMatchesTheDensityComputedByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 400;
            double[] data = blobs(n, 3);
            NDArray x = m.create(data, new Shape(n, 2));
            for (CovarianceType type : new CovarianceType[] {CovarianceType.DIAG, CovarianceType.SPHERICAL}) {
                GaussianMixture g = GaussianMixture.fit(x, GmmOptions.defaults(3, type, 1));
                double[] scores = g.scoreSamples(x).toDoubleArray();
                double[] w = g.weights();
                double[][] mu = g.means();
                double[] cov = g.covariances();
                for (int i = 0; i < n; i += 37) {
                    double p = 0;
                    for (int c = 0; c < 3; c++) {
                        double density = w[c];
                        for (int j = 0; j < 2; j++) {
                            double var = type == CovarianceType.DIAG ? cov[c * 2 + j] : cov[c];
                            double diff = data[2 * i + j] - mu[c][j];
                            density *= Math.exp(-diff * diff / (2 * var)) / Math.sqrt(2 * Math.PI * var);
                        }
                        p += density;
                    }
                    assertEquals(Math.log(p), scores[i], 1e-9, type + " point " + i);
                }
                double[] resp = g.responsibilities(x).sum(new int[] {1}).toDoubleArray();
                for (double r : resp) {
                    assertEquals(1.0, r, 1e-12);
                }
            }
        }
    }

    @Test
    void bicChoosesThreeComponentsForThreeBlobs() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(2000, 4), new Shape(2000, 2));
            int best = 0;
            double bestBic = Double.POSITIVE_INFINITY;
            for (int k = 1; k <= 6; k++) {
                double bic = GaussianMixture.fit(x, GmmOptions.defaults(k, CovarianceType.FULL, 3))
                        .bic(x);
                if (bic < bestBic) {
                    bestBic = bic;
                    best = k;
                }
            }
            assertEquals(3, best);
            GaussianMixture g = GaussianMixture.fit(x, GmmOptions.defaults(3, CovarianceType.FULL, 3));
            assertEquals(3 * 3 + 3 * 2 + 2, g.parameterCount());
            assertEquals(-2 * g.score(x) * 2000 + 17 * Math.log(2000), g.bic(x), 1e-6);
            assertEquals(-2 * g.score(x) * 2000 + 34, g.aic(x), 1e-6);
        }
    }

    @Test
    void samplesHaveTheMixtureMoments() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(3000, 5), new Shape(3000, 2));
            GaussianMixture g = GaussianMixture.fit(x, GmmOptions.defaults(3, CovarianceType.FULL, 5));
            Engine.getInstance().setRandomSeed(9);
            NDArray s = g.sample(m, 50_000, new Random(9));
            assertEquals(new Shape(50_000, 2), s.getShape());
            double[] mixtureMean = new double[2];
            for (int c = 0; c < 3; c++) {
                mixtureMean[0] += g.weights()[c] * g.means()[c][0];
                mixtureMean[1] += g.weights()[c] * g.means()[c][1];
            }
            float[] sampleMean = s.mean(new int[] {0}).toFloatArray();
            assertEquals(mixtureMean[0], sampleMean[0], 0.06);
            assertEquals(mixtureMean[1], sampleMean[1], 0.06);
            // samples score like the data they imitate
            assertEquals(g.score(x), g.score(s), 0.05);
        }
    }

    @Test
    void pixelsIn784DimensionsDoNotUnderflow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pixels =
                    Datasets.load(TestData.slice(), m).train().slice(m, 0, 600).images();
            GaussianMixture g = GaussianMixture.fit(
                    pixels, new GmmOptions(4, CovarianceType.DIAG, "kmeans++", 1, 50, 1e-3, 1e-2, 0));
            double score = g.score(pixels);
            assertTrue(Double.isFinite(score) && score > 0, "a density on [0,1]^784 with small variances: " + score);
            double[] resp = g.responsibilities(pixels).max(new int[] {1}).toDoubleArray();
            for (double r : resp) {
                assertTrue(r > 0.25 && r <= 1.0);
            }
        }
    }

    @Test
    void tooFewPointsOrACollapsedComponentIsAUserError() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new double[] {1, 2, 3, 4}, new Shape(2, 2));
            UserError e = assertThrows(
                    UserError.class, () -> GaussianMixture.fit(x, GmmOptions.defaults(3, CovarianceType.FULL, 0)));
            assertTrue(e.getMessage().contains("needs at least 3 points, got 2"), e.getMessage());
            NDArray same = m.create(new double[] {1, 1, 1, 1, 1, 1, 2, 2}, new Shape(4, 2));
            UserError collapsed = assertThrows(
                    UserError.class,
                    () -> GaussianMixture.fit(
                            same, new GmmOptions(2, CovarianceType.FULL, "kmeans++", 1, 10, 1e-3, 0, 0)));
            assertTrue(collapsed.getMessage().contains("increase reg_covar"), collapsed.getMessage());
        }
    }

    @Test
    void theFourCovarianceTypesAgreeOnDataWhoseCovarianceIsIsotropic() {
        // a symmetric cross of points: mean 0, 1/N covariance exactly 2 I
        double[] data = {2, 0, -2, 0, 0, 2, 0, -2, 1, 1, -1, -1, 1, -1, -1, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(data, new Shape(8, 2));
            double[] reference = null;
            for (CovarianceType type : CovarianceType.values()) {
                GaussianMixture g = GaussianMixture.fit(x, new GmmOptions(1, type, "kmeans++", 1, 10, 1e-9, 0, 0));
                double[] scores = g.scoreSamples(x).toDoubleArray();
                if (reference == null) {
                    reference = scores;
                } else {
                    assertArrayEquals(reference, scores, 1e-12, type + " agrees with full");
                }
            }
            GaussianMixture tied = GaussianMixture.fit(x, GmmOptions.defaults(1, CovarianceType.TIED, 0));
            assertArrayEquals(new double[] {1.5 + 1e-6, 0, 0, 1.5 + 1e-6}, tied.covariances(), 1e-12);
        }
    }

    @Test
    void gradientAscentReachesTheLikelihoodOfEm() {
        try (NDManager m = NDManager.newBaseManager()) {
            // overlapping blobs: hard k-means assignments are not the optimum, so both methods must climb
            Random r = new Random(8);
            double[][] centres = {{-1, 0}, {1, 0}, {0, 1.2}};
            double[] data = new double[3000];
            for (int i = 0; i < 1500; i++) {
                int c = r.nextInt(3);
                data[2 * i] = centres[c][0] + 0.8 * r.nextGaussian();
                data[2 * i + 1] = centres[c][1] + 0.8 * r.nextGaussian();
            }
            NDArray x = m.create(data, new Shape(1500, 2));
            genmodels.config.OptimizerConfig adam =
                    new genmodels.config.OptimizerConfig("adam", 0.05, java.util.List.of(0.9, 0.999), 1e-8, 0);
            for (CovarianceType type : CovarianceType.values()) {
                GaussianMixture em = GaussianMixture.fit(x, new GmmOptions(3, type, "kmeans++", 1, 300, 1e-8, 1e-6, 1));
                GaussianMixture gd = GradientFit.fit(
                        x,
                        new GmmOptions(3, type, "kmeans++", 1, 400, 1e-8, 1e-6, 1),
                        adam,
                        new GradientFit.Stopping(400, 1, 1e-8));
                assertEquals(em.score(x), gd.score(x), 0.01, type + ": gradient ascent and EM reach the same optimum");
                double[] h = gd.history();
                assertTrue(
                        h[h.length - 1] > h[0] + 0.01,
                        type + ": the gradient fit raised the likelihood " + h[0] + " -> " + h[h.length - 1]);
            }
        }
    }
}
