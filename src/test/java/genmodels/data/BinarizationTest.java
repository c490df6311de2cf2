package genmodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.TestData;
import genmodels.config.DataConfig;
import org.junit.jupiter.api.Test;

class BinarizationTest {

    private static DataConfig binarized(String how, int seed) {
        DataConfig grey = TestData.slice();
        return new DataConfig(
                "images",
                grey.dataset(),
                grey.dir(),
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                how,
                seed,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static void assertBinary(float[] values) {
        for (float v : values) {
            assertTrue(v == 0f || v == 1f, "not binary: " + v);
        }
    }

    @Test
    void staticBinarizationIsOneFixedBernoulliDrawOfTheGreyLevels() {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits grey = Datasets.load(TestData.slice(), m);
            Datasets.Splits a = Datasets.load(binarized("static", 7), m);
            Datasets.Splits b = Datasets.load(binarized("static", 7), m);
            Datasets.Splits other = Datasets.load(binarized("static", 8), m);
            float[] train = a.train().images().toFloatArray();
            assertBinary(train);
            assertArrayEquals(train, b.train().images().toFloatArray(), "the same seed gives the same draw");
            assertFalse(
                    java.util.Arrays.equals(train, other.train().images().toFloatArray()),
                    "another seed, another draw");
            // pixels that are 0 (or 1) in grey stay 0 (or 1); the mean of the draw is the mean grey level
            float[] g = grey.train().images().toFloatArray();
            double greyMean = 0;
            double drawMean = 0;
            for (int i = 0; i < g.length; i++) {
                if (g[i] == 0f) {
                    assertEquals(0f, train[i]);
                }
                if (g[i] == 1f) {
                    assertEquals(1f, train[i]);
                }
                greyMean += g[i];
                drawMean += train[i];
            }
            double n = g.length;
            double stderr = Math.sqrt(greyMean / n * (1 - greyMean / n) / n);
            assertEquals(greyMean / n, drawMean / n, 5 * stderr);
            assertFalse(a.train().dynamicBinarization());
        }
    }

    @Test
    void dynamicBinarizationDrawsAfreshEachGatherAndFixesTheTestSet() {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits grey = Datasets.load(TestData.slice(), m);
            Datasets.Splits dynamic = Datasets.load(binarized("dynamic", 3), m);
            Datasets.Splits fixed = Datasets.load(binarized("static", 3), m);
            // the test images: one draw, the same for dynamic and static with one seed
            assertBinary(dynamic.test().images().toFloatArray());
            assertArrayEquals(
                    fixed.test().images().toFloatArray(),
                    dynamic.test().images().toFloatArray());
            // the stored training images stay grey; each gather draws
            assertArrayEquals(
                    grey.train().images().toFloatArray(),
                    dynamic.train().images().toFloatArray());
            int[] order = {0, 1, 2, 3};
            Engine.getInstance().setRandomSeed(1);
            float[] first = dynamic.train().gather(m, order, 0, 4).images().toFloatArray();
            float[] second = dynamic.train().gather(m, order, 0, 4).images().toFloatArray();
            Engine.getInstance().setRandomSeed(1);
            float[] again = dynamic.train().gather(m, order, 0, 4).images().toFloatArray();
            assertBinary(first);
            assertFalse(java.util.Arrays.equals(first, second), "a fresh draw each time an image is used");
            assertArrayEquals(first, again, "draws follow the engine's seed, so a resumed run redraws the same");
            // averaged over many draws, each pixel's frequency is its grey level
            float[] g = grey.train().gather(m, order, 0, 4).images().toFloatArray();
            NDArray sum = m.zeros(new ai.djl.ndarray.types.Shape(4, g.length / 4));
            int draws = 2000;
            for (int i = 0; i < draws; i++) {
                sum = sum.add(dynamic.train().gather(m, order, 0, 4).images());
            }
            float[] freq = sum.div(draws).toFloatArray();
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], freq[i], 5 * Math.sqrt(g[i] * (1 - g[i]) / draws) + 1e-6, "pixel " + i);
            }
        }
    }
}
