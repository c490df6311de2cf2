package genmodels.density.pca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
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
            double[] e = {scale[0] * random.nextGaussian(), scale[1] * random.nextGaussian(), scale[2] * random.nextGaussian()};
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
            float[] projected = pca.transform(x, 2).get(":, 0").toFloatArray();
            double variance = 0;
            for (float p : projected) {
                variance += p * p;
            }
            assertEquals(pca.explainedVariance()[0], variance / (n - 1), 1e-3);
        }
    }
}
