package genmodels.density.pca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class PcaTest {

    @Test
    void recoversTheAxesAndVariancesOfAKnownGaussian() {
        // x = R diag(3, 1, 0.5) eps + mean, R a rotation in the first two axes by 30 degrees
        int n = 40_000;
        double a = Math.toRadians(30);
        double[][] r = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[] scale = {3, 1, 0.5};
        double[] mean = {1, -2, 5};
        Random random = new Random(1);
        double[] data = new double[n * 3];
        for (int i = 0; i < n; i++) {
            double[] e = {
                scale[0] * random.nextGaussian(), scale[1] * random.nextGaussian(), scale[2] * random.nextGaussian()
            };
            for (int j = 0; j < 3; j++) {
                data[i * 3 + j] = mean[j] + r[j][0] * e[0] + r[j][1] * e[1] + r[j][2] * e[2];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(data, new Shape(n, 3));
            Pca pca = Pca.fit(x);
            assertArrayEquals(new double[] {9, 1, 0.25}, pca.explainedVariance(), 0.15);
            assertArrayEquals(mean, pca.mean(), 0.05);
            double[] first = pca.component(0);
            assertEquals(1.0, Math.abs(first[0] * Math.cos(a) + first[1] * Math.sin(a)), 1e-3);
            double[] ratio = pca.explainedVarianceRatio();
            assertEquals(1.0, ratio[0] + ratio[1] + ratio[2], 1e-12);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double dot = 0;
                    for (int t = 0; t < 3; t++) {
                        dot += pca.component(i)[t] * pca.component(j)[t];
                    }
                    assertEquals(i == j ? 1.0 : 0.0, dot, 1e-9, "orthonormal components");
                }
            }
            double[] projected = pca.transform(x, 2).get(":, 0").toDoubleArray();
            double variance = 0;
            for (double p : projected) {
                variance += p * p;
            }
            assertEquals(pca.explainedVariance()[0], variance / (n - 1), 1e-3);
        }
    }

    private static NDArray randomData(NDManager m, int n, int d, long seed) {
        Random random = new Random(seed);
        double[] data = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                data[i * d + j] =
                        (j + 1) * random.nextGaussian() + (j % 3 == 0 ? random.nextGaussian() * data[i * d] : 0);
            }
        }
        return m.create(data, new Shape(n, d));
    }

    @Test
    void reconstructionErrorFallsToZeroAtFullRankAndMatchesDirectReconstruction() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = randomData(m, 500, 6, 2);
            Pca pca = Pca.fit(x);
            double[] byK = pca.reconstructionErrorByK(x);
            assertEquals(0.0, byK[5], 1e-12);
            for (int k = 1; k <= 6; k++) {
                NDArray back = pca.inverseTransform(pca.transform(x, k), false);
                double direct = x.sub(back).square().mean().getDouble();
                assertEquals(direct, byK[k - 1], 1e-9, "k = " + k);
                if (k > 1) {
                    assertTrue(byK[k - 1] <= byK[k - 2], "error never grows with k");
                }
            }
            NDArray whitened = pca.transform(x, 3, true);
            double[] variances = whitened.square().sum(new int[] {0}).div(499.0).toDoubleArray();
            assertArrayEquals(new double[] {1, 1, 1}, variances, 1e-9);
            assertArrayEquals(
                    x.toDoubleArray(),
                    pca.inverseTransform(pca.transform(x, 6, true), true).toDoubleArray(),
                    1e-9);
        }
    }

    @Test
    void probabilisticPcaLogLikelihoodIsTheGaussianWithCovarianceWWtPlusNoise() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 400;
            int d = 5;
            int q = 2;
            NDArray x = randomData(m, n, d, 3);
            ProbabilisticPca ppca = ProbabilisticPca.fromPca(Pca.fit(x), q);
            double[][] w = ppca.loadings();
            double sigma2 = ppca.noiseVariance();
            DMatrixRMaj c = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double v = i == j ? sigma2 : 0;
                    for (int k = 0; k < q; k++) {
                        v += w[i][k] * w[j][k];
                    }
                    c.set(i, j, v);
                }
            }
            DMatrixRMaj inverse = new DMatrixRMaj(d, d);
            CommonOps_DDRM.invert(c, inverse);
            double logDet = Math.log(CommonOps_DDRM.det(c));
            double[] data = x.toDoubleArray();
            double[] mean = x.mean(new int[] {0}).toDoubleArray();
            double[] scores = ppca.scoreSamples(x).toDoubleArray();
            for (int i = 0; i < n; i += 41) {
                double quad = 0;
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        quad += (data[i * d + a] - mean[a]) * inverse.get(a, b) * (data[i * d + b] - mean[b]);
                    }
                }
                double expected = -0.5 * (d * Math.log(2 * Math.PI) + logDet + quad);
                assertEquals(expected, scores[i], 1e-9, "point " + i);
            }
            // the ML noise variance is the mean of the discarded eigenvalues of S (1/N)
            double[] variance = Pca.fit(x).explainedVariance();
            double discarded = 0;
            for (int j = q; j < d; j++) {
                discarded += variance[j] * (n - 1.0) / n;
            }
            assertEquals(discarded / (d - q), sigma2, 1e-12);
            // E[z|x] = M^-1 W^T (x - mu), M = W^T W + sigma^2 I (Tipping & Bishop 1999, eq. 7), in doubles here
            NDArray posterior = ppca.posteriorMean(x);
            assertEquals(new Shape(n, q), posterior.getShape());
            double[] z = posterior
                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .toDoubleArray();
            DMatrixRMaj mMatrix = new DMatrixRMaj(q, q);
            for (int a = 0; a < q; a++) {
                for (int b = 0; b < q; b++) {
                    double v = a == b ? sigma2 : 0;
                    for (int i = 0; i < d; i++) {
                        v += w[i][a] * w[i][b];
                    }
                    mMatrix.set(a, b, v);
                }
            }
            DMatrixRMaj mInverse = new DMatrixRMaj(q, q);
            CommonOps_DDRM.invert(mMatrix, mInverse);
            for (int i = 0; i < n; i += 37) {
                double[] wtx = new double[q];
                for (int a = 0; a < q; a++) {
                    for (int j = 0; j < d; j++) {
                        wtx[a] += w[j][a] * (data[i * d + j] - mean[j]);
                    }
                }
                for (int a = 0; a < q; a++) {
                    double expected = 0;
                    for (int b = 0; b < q; b++) {
                        expected += mInverse.get(a, b) * wtx[b];
                    }
                    assertEquals(expected, z[i * q + a], 1e-8 * Math.max(1, Math.abs(expected)), "E[z|x] point " + i);
                }
            }
        }
    }

    @Test
    void aSavedPcaLoadsBackIdentical() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = randomData(m, 100, 4, 5);
            Pca pca = Pca.fit(x);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            pca.save(out);
            byte[] bytes = out.toByteArray();
            Pca loaded = Pca.load(new java.io.ByteArrayInputStream(bytes), "test");
            assertArrayEquals(
                    pca.transform(x, 3).toDoubleArray(), loaded.transform(x, 3).toDoubleArray(), 0.0);
            assertEquals(100, loaded.nSamples());
            genmodels.errors.UserError e = org.junit.jupiter.api.Assertions.assertThrows(
                    genmodels.errors.UserError.class,
                    () -> Pca.load(new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(bytes, 50)), "cut.params"));
            assertTrue(e.getMessage().contains("cut.params is truncated"), e.getMessage());
        }
    }

    @Test
    void theScatterMatrixByUpperBlocksEqualsTheFullProduct() {
        int n = 500;
        int d = 300; // split in 4 column blocks of 75
        Random random = new Random(5);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            double[] blocked = Pca.scatter(m.create(x, new Shape(n, d)));
            for (int a = 0; a < d; a += 37) {
                for (int b = 0; b < d; b += 11) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += x[i * d + a] * x[i * d + b];
                    }
                    assertEquals(s, blocked[a * d + b], 1e-9, a + "," + b);
                    assertEquals(blocked[a * d + b], blocked[b * d + a], 0.0, "symmetric");
                }
            }
        }
    }

    @Test
    void fittingDoesNotChangeTheCallersFloat64Points() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = randomData(m, 200, 5, 3);
            double[] before = x.toDoubleArray();
            Pca.fit(x);
            Pca.timingKernel(x, m).run();
            assertArrayEquals(before, x.toDoubleArray(), 0.0);
        }
    }
}
