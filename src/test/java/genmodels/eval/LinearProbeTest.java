package genmodels.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearProbeTest {

    /** n points of 3 classes: class c around (4c, -4c) when informative, else labels independent of the point. */
    private static NDArray[] points(NDManager m, int n, boolean informative, Random random) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(3);
            int c = informative ? y[i] : random.nextInt(3);
            x[2 * i] = (float) (4 * c + 0.5 * random.nextGaussian());
            x[2 * i + 1] = (float) (-4 * c + 0.5 * random.nextGaussian());
        }
        return new NDArray[] {m.create(x, new Shape(n, 2)), m.create(y)};
    }

    @Test
    void linearlySeparableClassesAreAllReadAndUninformativeFeaturesGiveChance() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random random = new Random(3);
            NDArray[] train = points(m, 600, true, random);
            NDArray[] test = points(m, 3000, true, random);
            LinearProbe.Result r = LinearProbe.fit(train[0], train[1], test[0], test[1], 3, 300, 1);
            assertEquals(1.0, r.testAccuracy(), 1e-9, "clusters 8 standard deviations apart");
            assertTrue(r.testCrossEntropy() < 0.25, "well below the uniform ln 3 = 1.10: " + r.testCrossEntropy());
            assertEquals(LinearProbe.MEASUREMENTS, r.accuracy().length);
            assertEquals(300, r.steps()[r.steps().length - 1]);
            NDArray[] noise = points(m, 600, false, random);
            NDArray[] noiseTest = points(m, 3000, false, random);
            LinearProbe.Result chance = LinearProbe.fit(noise[0], noise[1], noiseTest[0], noiseTest[1], 3, 300, 1);
            // 3,000 test points: a share's standard error is under 0.009; 0.05 is over 5 of them
            assertEquals(1.0 / 3, chance.testAccuracy(), 0.05, "labels the features do not carry");
            assertTrue(
                    chance.testCrossEntropy() > Math.log(3) - 0.05,
                    "no better than uniform: " + chance.testCrossEntropy());
        }
    }
}
