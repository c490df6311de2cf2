package genmodels.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import genmodels.errors.UserError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The moving average against its recurrence, the swap, and its file. */
class WeightAverageTest {

    private static Linear linear(NDManager m, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Linear block = Linear.builder().setUnits(3).build();
        block.initialize(m, DataType.FLOAT32, new Shape(1, 4));
        return block;
    }

    private static NDArray weight(Linear block) {
        return block.getParameters().get("weight").getArray();
    }

    private static void setWeights(Linear block, float[] values) {
        weight(block).set(values);
    }

    @Test
    void eachUpdateMovesTheAverageByOneMinusTheDecayWithTheWarmUpRule() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear block = linear(m, 1);
            float[] w0 = weight(block).toFloatArray();
            WeightAverage average = WeightAverage.of(block.getParameters(), 0.9, true, m);
            float[] w1 = new float[w0.length];
            java.util.Arrays.fill(w1, 1f);
            setWeights(block, w1);
            average.update(1); // d_1 = min(0.9, 2 / 11)
            double d1 = 2.0 / 11;
            assertEquals(d1, average.decayAt(1), 1e-15);
            assertEquals(0.9, average.decayAt(1000), 0.0);
            average.swap();
            float[] averaged = weight(block).toFloatArray();
            for (int i = 0; i < w0.length; i++) {
                assertEquals(d1 * w0[i] + (1 - d1) * w1[i], averaged[i], 1e-6, "entry " + i);
            }
            average.swap();
            assertArrayEquals(w1, weight(block).toFloatArray(), "two swaps give the trained weights back exactly");
        }
    }

    @Test
    void withoutWarmUpTheDecayIsConstant() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear block = linear(m, 2);
            float[] w0 = weight(block).toFloatArray();
            WeightAverage average = WeightAverage.of(block.getParameters(), 0.75, false, m);
            float[] w1 = new float[w0.length];
            java.util.Arrays.fill(w1, -2f);
            setWeights(block, w1);
            average.update(1);
            average.update(2);
            average.swap();
            float[] averaged = weight(block).toFloatArray();
            for (int i = 0; i < w0.length; i++) { // a_2 = 0.75^2 w0 + (1 - 0.75^2) w1
                assertEquals(0.5625 * w0[i] + 0.4375 * w1[i], averaged[i], 1e-6, "entry " + i);
            }
        }
    }

    @Test
    void saveThenLoadRestoresTheAverageExactlyAndAnotherNetworkIsRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear block = linear(m, 3);
            WeightAverage average = WeightAverage.of(block.getParameters(), 0.5, false, m);
            setWeights(block, new float[12]);
            average.update(1);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            average.save(file);
            average.swap();
            float[] expected = weight(block).toFloatArray();
            average.swap();

            Linear other = linear(m, 4);
            WeightAverage restored = WeightAverage.of(other.getParameters(), 0.5, false, m);
            restored.load(new ByteArrayInputStream(file.toByteArray()), "ema.params");
            restored.swap();
            assertArrayEquals(expected, weight(other).toFloatArray());

            Linear wider = Linear.builder().setUnits(5).build();
            wider.initialize(m, DataType.FLOAT32, new Shape(1, 4));
            WeightAverage mismatch = WeightAverage.of(wider.getParameters(), 0.5, false, m);
            UserError e = assertThrows(
                    UserError.class, () -> mismatch.load(new ByteArrayInputStream(file.toByteArray()), "ema.params"));
            assertTrue(e.getMessage().contains("does not fit this network"), e.getMessage());
        }
    }
}
