package genmodels.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.density.pca.Pca;
import genmodels.density.pca.ProbabilisticPca;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The PPCA picture's quantities against computations from the raw points. */
class PpcaPictureTest {

    @Test
    void inTwoDimensionsWithOneLatentTheMarginalIsTheSampleCovarianceAndTheNoiseHasVarianceSigmaSquared() {
        Random random = new Random(8);
        int n = 4000;
        double[] flat = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            flat[2 * i] = 1 + 1.7 * a;
            flat[2 * i + 1] = 2 + 0.9 * a + 0.6 * b;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Pca pca = Pca.fit(m.create(flat, new Shape(n, 2)).toType(DataType.FLOAT64, false));
            ProbabilisticPca ppca = ProbabilisticPca.fromPca(pca, 1);
            // the maximum-likelihood sample covariance (1/n), written out
            double mx = 0;
            double my = 0;
            for (int i = 0; i < n; i++) {
                mx += flat[2 * i] / n;
                my += flat[2 * i + 1] / n;
            }
            double[][] s = new double[2][2];
            for (int i = 0; i < n; i++) {
                double dx = flat[2 * i] - mx;
                double dy = flat[2 * i + 1] - my;
                s[0][0] += dx * dx / n;
                s[0][1] += dx * dy / n;
                s[1][1] += dy * dy / n;
            }
            s[1][0] = s[0][1];
            // with d = 2 and q = 1, sigma^2 is the one discarded eigenvalue, so W W^T + sigma^2 I is S itself
            double[][] c = PpcaPicture.marginalCovariance(ppca);
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(s[r][k], c[r][k], 1e-9, "C[" + r + "][" + k + "]");
                }
            }
            // the image of z and the noise around it
            double[][] w = ppca.loadings();
            double sum = 0;
            double squares = 0;
            int count = 0;
            for (int rep = 0; rep < 200; rep++) {
                PpcaPicture.Step step = PpcaPicture.generate(pca, ppca, 1.5, random);
                assertEquals(mx + 1.5 * w[0][0], step.image()[0], 1e-9);
                assertEquals(my + 1.5 * w[1][0], step.image()[1], 1e-9);
                for (double[] d : step.draws()) {
                    for (int j = 0; j < 2; j++) {
                        double e = d[j] - step.image()[j];
                        sum += e;
                        squares += e * e;
                        count++;
                    }
                }
            }
            // 16,000 noise values: the variance's relative standard error is about 1.1%
            assertEquals(ppca.noiseVariance(), squares / count, 0.05 * ppca.noiseVariance());
            assertEquals(0, sum / count, 0.05);
        }
    }
}
