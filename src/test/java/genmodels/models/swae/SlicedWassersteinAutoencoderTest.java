package genmodels.models.swae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import genmodels.models.Prior;
import org.junit.jupiter.api.Test;

class SlicedWassersteinAutoencoderTest {

    @Test
    void slicedWassersteinGradientFlowsThroughTheSortAndMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray codes = m.randomNormal(new Shape(16, 2), DataType.FLOAT64);
            NDArray samples = m.randomUniform(-1, 1, new Shape(16, 2), DataType.FLOAT64);
            NDArray directions =
                    SlicedWassersteinAutoencoder.randomDirections(m, 2, 7).toType(DataType.FLOAT64, false);
            codes.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(SlicedWassersteinAutoencoder.slicedWasserstein2(codes, samples, directions));
            }
            double[] grad = codes.getGradient().toDoubleArray();
            double[] base = codes.toDoubleArray();
            double h = 1e-6;
            double norm = 0;
            for (int i = 0; i < base.length; i++) {
                double[] plus = base.clone();
                double[] minus = base.clone();
                plus[i] += h;
                minus[i] -= h;
                double fp = SlicedWassersteinAutoencoder.slicedWasserstein2(
                                m.create(plus, new Shape(16, 2)), samples, directions)
                        .getDouble();
                double fm = SlicedWassersteinAutoencoder.slicedWasserstein2(
                                m.create(minus, new Shape(16, 2)), samples, directions)
                        .getDouble();
                assertEquals((fp - fm) / (2 * h), grad[i], 1e-6, "d SW / d codes[" + i + "]");
                norm += grad[i] * grad[i];
            }
            assertTrue(norm > 1e-6, "the gradient is not zero");
        }
    }

    @Test
    void slicedWassersteinOfIdenticalSetsIsZeroAndOfShiftedSetsIsTheShiftSquared() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(100, 2));
            NDArray d = SlicedWassersteinAutoencoder.randomDirections(m, 2, 64);
            // permuting the points changes nothing: the sort matches them up again
            NDArray shuffled = x.get(m.create(new int[] {3, 1, 2, 0}).toType(DataType.INT64, false));
            assertEquals(
                    0f, SlicedWassersteinAutoencoder.slicedWasserstein2(x, x, d).getFloat(), 1e-7);
            assertEquals(
                    0f,
                    SlicedWassersteinAutoencoder.slicedWasserstein2(x.get("0:4"), shuffled, d)
                            .getFloat(),
                    1e-7);
            // a shift by t along the first axis projects to t * cos(angle): mean of t^2 cos^2 over directions
            NDArray shifted = x.add(m.create(new float[] {0.5f, 0f}));
            float expected = d.get("0, :").square().mean().getFloat() * 0.25f;
            assertEquals(
                    expected,
                    SlicedWassersteinAutoencoder.slicedWasserstein2(x, shifted, d)
                            .getFloat(),
                    1e-5);
        }
    }

    @Test
    void theCourseVariantIsTheMeanOverDirectionsOfEachDirectionsRootMeanSquaredGap() {
        float[][] x = {{0f, 1f}, {2f, -1f}, {0.5f, 3f}};
        float[][] y = {{1f, 0f}, {-2f, 2f}, {0f, 0f}};
        double[][] directions = {{1, 0}, {0.6, 0.8}, {-Math.sqrt(0.5), Math.sqrt(0.5)}};
        // by hand: per direction, project, sort both, root of the mean squared gap; then the mean
        double meanOfRoots = 0;
        double meanOfSquares = 0;
        for (double[] t : directions) {
            double[] px = new double[3];
            double[] py = new double[3];
            for (int i = 0; i < 3; i++) {
                px[i] = t[0] * x[i][0] + t[1] * x[i][1];
                py[i] = t[0] * y[i][0] + t[1] * y[i][1];
            }
            java.util.Arrays.sort(px);
            java.util.Arrays.sort(py);
            double squares = 0;
            for (int i = 0; i < 3; i++) {
                squares += (px[i] - py[i]) * (px[i] - py[i]) / 3;
            }
            meanOfRoots += Math.sqrt(squares) / directions.length;
            meanOfSquares += squares / directions.length;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flat = new float[6];
            for (int j = 0; j < 3; j++) {
                flat[j] = (float) directions[j][0];
                flat[3 + j] = (float) directions[j][1];
            }
            NDArray d = m.create(flat, new Shape(2, 3));
            NDArray codes = m.create(x);
            NDArray samples = m.create(y);
            assertEquals(
                    meanOfRoots,
                    SlicedWassersteinAutoencoder.meanSlicedWasserstein(codes, samples, d)
                            .getFloat(),
                    1e-5);
            assertEquals(
                    meanOfSquares,
                    SlicedWassersteinAutoencoder.slicedWasserstein2(codes, samples, d)
                            .getFloat(),
                    1e-5);
            assertTrue(meanOfRoots <= Math.sqrt(meanOfSquares), "Jensen: mean of roots <= root of mean");
        }
    }

    @Test
    void randomDirectionsAreUnitVectors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray d = SlicedWassersteinAutoencoder.randomDirections(m, 5, 30);
            float[] norms = d.square().sum(new int[] {0}).sqrt().toFloatArray();
            for (float n : norms) {
                assertEquals(1f, n, 1e-5);
            }
        }
    }

    @Test
    void priorsHaveTheirShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            int n = 20000;
            NDArray disk = Prior.DISK.sample(m, n, 2);
            NDArray r2 = disk.square().sum(new int[] {1});
            assertTrue(r2.max().getFloat() <= 1.0001f);
            // uniform on the disk: P(r < 0.5) = 0.25
            assertEquals(
                    0.25, r2.lt(0.25f).toType(DataType.FLOAT32, false).mean().getFloat(), 0.01);
            NDArray ring =
                    Prior.RING.sample(m, n, 2).square().sum(new int[] {1}).sqrt();
            assertTrue(ring.min().getFloat() >= Prior.RING_INNER - 1e-4
                    && ring.max().getFloat() <= 1.0001f);
            NDArray square = Prior.SQUARE.sample(m, n, 2);
            assertTrue(square.abs().max().getFloat() <= 1f);
            assertEquals(1.0 / 3, square.square().mean().getFloat(), 0.01); // variance of U(-1, 1)
            NDArray normal = Prior.NORMAL.sample(m, n, 3);
            assertEquals(1.0, normal.square().mean().getFloat(), 0.02);
        }
    }
}
