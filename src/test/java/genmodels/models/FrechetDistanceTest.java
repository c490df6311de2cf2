package genmodels.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void aSetHasDistanceZeroToItself() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(500, 6));
            FrechetDistance.Moments moments = FrechetDistance.moments(x);
            assertEquals(0.0, FrechetDistance.squared(moments, moments), 1e-9);
        }
    }

    @Test
    void diagonalGaussiansMatchTheClosedForm() {
        // d^2 = |mu1 - mu2|^2 + sum (s1 - s2)^2 when the covariances are diagonal
        FrechetDistance.Moments a = new FrechetDistance.Moments(new double[] {0, 0}, new double[] {1, 0, 0, 4});
        FrechetDistance.Moments b = new FrechetDistance.Moments(new double[] {1, 1}, new double[] {4, 0, 0, 1});
        assertEquals(2 + 1 + 1, FrechetDistance.squared(a, b), 1e-12);
    }

    @Test
    void fullCovariancesMatchTheTraceOfTheSquareRootOfTheirProduct() {
        double[] s1 = {2.0, 0.8, 0.1, 0.8, 1.5, -0.3, 0.1, -0.3, 0.7};
        double[] s2 = {1.0, -0.4, 0.2, -0.4, 2.5, 0.6, 0.2, 0.6, 1.2};
        double[] m1 = {0.5, -1.0, 2.0};
        double[] m2 = {0.0, 0.3, 1.5};
        // reference: the eigenvalues of S1 S2 (not symmetric, but real and positive) summed under a square root
        DMatrixRMaj product = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.mult(new DMatrixRMaj(3, 3, true, s1), new DMatrixRMaj(3, 3, true, s2), product);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(3, false, false);
        eig.decompose(product);
        double cross = 0;
        for (int i = 0; i < 3; i++) {
            cross += Math.sqrt(eig.getEigenvalue(i).getReal());
        }
        double expected = 0.25 + 1.69 + 0.25 + (2.0 + 1.5 + 0.7) + (1.0 + 2.5 + 1.2) - 2 * cross;
        assertEquals(
                expected,
                FrechetDistance.squared(new FrechetDistance.Moments(m1, s1), new FrechetDistance.Moments(m2, s2)),
                1e-10);
    }

    @Test
    void samplesOfTwoKnownGaussiansApproachTheirDistance() {
        int n = 200_000;
        Random r = new Random(1);
        double[] a = new double[n * 2];
        double[] b = new double[n * 2];
        for (int i = 0; i < n; i++) {
            a[2 * i] = r.nextGaussian();
            a[2 * i + 1] = 2 * r.nextGaussian();
            b[2 * i] = 1 + 2 * r.nextGaussian();
            b[2 * i + 1] = 1 + r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            double d2 = FrechetDistance.squared(
                    FrechetDistance.moments(m.create(a, new Shape(n, 2))),
                    FrechetDistance.moments(m.create(b, new Shape(n, 2))));
            assertEquals(4.0, d2, 0.05);
        }
    }

    @Test
    void theEntropyOfAUniformHistogramIsLnTen() {
        int[] uniform = new int[10];
        java.util.Arrays.fill(uniform, 1000);
        assertEquals(Math.log(10), genmodels.models.PredictedClasses.entropy(uniform), 1e-12);
        assertEquals(0.0, genmodels.models.PredictedClasses.entropy(new int[] {0, 0, 5, 0}), 1e-12);
        assertEquals(Math.log(2), genmodels.models.PredictedClasses.entropy(new int[] {3, 0, 3}), 1e-12);
    }
}
