package genmodels.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LikelihoodsTest {

    @Test
    void bernoulliFromLogitsEqualsTheNaiveFormula() {
        Random random = new Random(3);
        int rows = 4;
        int cols = 50;
        float[] logits = new float[rows * cols];
        float[] x = new float[rows * cols];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (random.nextGaussian() * 6);
            x[i] = random.nextFloat();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] stable = Likelihoods.bernoulliFromLogits(
                            m.create(logits, new Shape(rows, cols)), m.create(x, new Shape(rows, cols)))
                    .toFloatArray();
            for (int r = 0; r < rows; r++) {
                double naive = 0;
                for (int c = 0; c < cols; c++) {
                    double p = 1 / (1 + Math.exp(-logits[r * cols + c]));
                    double t = x[r * cols + c];
                    naive -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
                }
                assertEquals(naive, stable[r], 1e-5 * Math.abs(naive), "row " + r);
            }
        }
    }

    @Test
    void bernoulliFromLogitsStaysFiniteWhereTheNaiveFormulaOverflows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {100f, -100f, 100f, -100f}, new Shape(4, 1));
            NDArray x = m.create(new float[] {1f, 0f, 0f, 1f}, new Shape(4, 1));
            float[] stable = Likelihoods.bernoulliFromLogits(logits, x).toFloatArray();
            assertEquals(0f, stable[0], 1e-6);
            assertEquals(0f, stable[1], 1e-6);
            assertEquals(100f, stable[2], 1e-4);
            assertEquals(100f, stable[3], 1e-4);
            // the naive float formula gives log(0) here
            float p = 1f / (1f + (float) Math.exp(-100f));
            assertFalse(Float.isFinite((float) -Math.log(1f - p)));
        }
    }

    @Test
    void gaussianMatchesTheClosedForm() {
        float[] logits = {0.5f, -1.0f, 2.0f};
        float[] x = {0.2f, 0.9f, 0.7f};
        double sigma = 0.3;
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double mean = 1 / (1 + Math.exp(-logits[i]));
            expected +=
                    (x[i] - mean) * (x[i] - mean) / (2 * sigma * sigma) + 0.5 * Math.log(2 * Math.PI * sigma * sigma);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float got = Likelihoods.gaussianFromLogits(
                            m.create(logits, new Shape(1, 3)), m.create(x, new Shape(1, 3)), sigma, new Scalars(m))
                    .getFloat(0);
            assertEquals(expected, got, 1e-5);
            assertTrue(Double.isFinite(got));
        }
    }
}
