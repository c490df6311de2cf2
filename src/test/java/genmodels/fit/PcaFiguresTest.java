package genmodels.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import genmodels.TestData;
import genmodels.data.Datasets;
import genmodels.density.pca.Pca;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The PCA lecture's identities, each against a computation written out here in plain Java. */
class PcaFiguresTest {

    /** @return the slice's 1,000 training images as float64 [1000, 784] */
    private static NDArray slice(NDManager m) throws Exception {
        return Datasets.load(TestData.slice(), m).train().images().toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
    }

    @Test
    void theReconstructionErrorEqualsTheDiscardedEigenvalues() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = slice(m);
            Pca pca = Pca.fit(x);
            double[][] points = rows(x);
            for (int k : new int[] {1, 10, 50, 200}) {
                double[] check = PcaFigures.discardedVariance(pca, x, k);
                // by hand: project each point on the first k axes and map back, with loops
                double byHand = 0;
                for (double[] p : points) {
                    double[] back = PcaFigures.partialSum(
                            pca,
                            PcaFigures.coefficients(pca, p),
                            IntStream.range(0, k).toArray());
                    for (int i = 0; i < p.length; i++) {
                        byHand += (p[i] - back[i]) * (p[i] - back[i]);
                    }
                }
                byHand /= points.length;
                assertEquals(byHand, check[0], 1e-9 * byHand, "direct error at k = " + k);
                assertEquals(check[0], check[1], 1e-7 * check[0], "= (n-1)/n x discarded eigenvalues at k = " + k);
            }
        }
    }

    @Test
    void anImageIsTheMeanPlusItsWeightedComponents() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = slice(m);
            Pca pca = Pca.fit(x);
            double[] image = rows(x)[3];
            double[] w = PcaFigures.coefficients(pca, image);
            double[] all = PcaFigures.partialSum(
                    pca, w, IntStream.range(0, pca.dimension()).toArray());
            for (int i = 0; i < image.length; i++) {
                assertEquals(image[i], all[i], 1e-9, "pixel " + i);
            }
            double[] viaTransform = pca.transform(x.get("3:4"), 5).toDoubleArray();
            for (int j = 0; j < 5; j++) {
                assertEquals(viaTransform[j], w[j], 1e-9, "w_" + (j + 1) + " = PC_j . (x - mean)");
            }
        }
    }

    @Test
    void theFirstAxisOf2dPointsIsTheClosedFormEigenvectorOfTheirCovariance() {
        Random random = new Random(5);
        int n = 5000;
        double[] flat = new double[2 * n];
        for (int i = 0; i < n; i++) { // correlated draws: x2 = 0.8 x1 + noise
            double a = 2 * random.nextGaussian();
            flat[2 * i] = a + 1;
            flat[2 * i + 1] = 0.8 * a + 0.5 * random.nextGaussian() - 2;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Pca pca = Pca.fit(m.create(flat, new Shape(n, 2)));
            double mx = 0;
            double my = 0;
            for (int i = 0; i < n; i++) {
                mx += flat[2 * i] / n;
                my += flat[2 * i + 1] / n;
            }
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            for (int i = 0; i < n; i++) {
                double dx = flat[2 * i] - mx;
                double dy = flat[2 * i + 1] - my;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
            double angle = 0.5 * Math.atan2(2 * sxy, sxx - syy); // the major axis of a 2 x 2 covariance
            double[] v = pca.component(0);
            assertEquals(1.0, Math.abs(v[0] * Math.cos(angle) + v[1] * Math.sin(angle)), 1e-9);
            double lambda = (sxx + syy) / 2 + Math.sqrt((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
            assertEquals(lambda / (n - 1), pca.explainedVariance()[0], 1e-9 * lambda / n);
            assertTrue(Math.abs(pca.mean()[0] - mx) < 1e-12 && Math.abs(pca.mean()[1] - my) < 1e-12);
        }
    }

    private static double[][] rows(NDArray x) {
        int n = Math.toIntExact(x.getShape().get(0));
        int d = Math.toIntExact(x.getShape().get(1));
        double[] all = x.toDoubleArray();
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(all, i * d, (i + 1) * d);
        }
        return out;
    }
}
