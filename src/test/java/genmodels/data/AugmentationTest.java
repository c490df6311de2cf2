package genmodels.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import genmodels.engine.ImageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flips and reflect-padded crops, each output checked against the transformations written out here. */
class AugmentationTest {

    private static final ImageSpec IMAGE = new ImageSpec(2, 6, 7, 0);
    private static final int BATCH = 64;

    /** Distinct values, so that every transformation can be recognised. */
    private static NDArray images(NDManager m) {
        return m.arange(0f, (float) BATCH * IMAGE.dimensions()).reshape(BATCH, IMAGE.dimensions());
    }

    private static float pixel(float[] flat, int image, int c, int y, int x) {
        return flat[((image * IMAGE.channels() + c) * IMAGE.height() + y) * IMAGE.width() + x];
    }

    /** torch.nn.functional.pad(mode="reflect") index: -1 reads 1, size reads size - 2. */
    private static int reflect(int i, int size) {
        return i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;
    }

    private static boolean isCrop(float[] in, float[] out, int n, int dy, int dx) {
        for (int c = 0; c < IMAGE.channels(); c++) {
            for (int y = 0; y < IMAGE.height(); y++) {
                for (int x = 0; x < IMAGE.width(); x++) {
                    float source = pixel(in, n, c, reflect(y + dy, IMAGE.height()), reflect(x + dx, IMAGE.width()));
                    if (pixel(out, n, c, y, x) != source) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void eachCropIsTheReflectPaddedImageAtAnOffsetWithinThePadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray x = images(m);
            float[] in = x.toFloatArray();
            float[] out = new Augmentation(List.of("crop"), IMAGE).apply(x, m).toFloatArray();
            int shifted = 0;
            for (int n = 0; n < BATCH; n++) {
                int found = 0;
                for (int dy = -Augmentation.PAD; dy <= Augmentation.PAD; dy++) {
                    for (int dx = -Augmentation.PAD; dx <= Augmentation.PAD; dx++) {
                        if (isCrop(in, out, n, dy, dx)) {
                            found++;
                            shifted += dy != 0 || dx != 0 ? 1 : 0;
                        }
                    }
                }
                assertEquals(1, found, "image " + n + " is exactly one crop");
            }
            assertTrue(shifted > BATCH / 2, "most offsets are not zero: " + shifted);
        }
    }

    @Test
    void aFlipMirrorsAboutHalfTheImagesAndLeavesTheOthers() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            NDArray x = images(m);
            float[] in = x.toFloatArray();
            float[] out = new Augmentation(List.of("hflip"), IMAGE).apply(x, m).toFloatArray();
            int flipped = 0;
            for (int n = 0; n < BATCH; n++) {
                boolean same = isCrop(in, out, n, 0, 0);
                boolean mirrored = true;
                for (int c = 0; c < IMAGE.channels(); c++) {
                    for (int y = 0; y < IMAGE.height(); y++) {
                        for (int xi = 0; xi < IMAGE.width(); xi++) {
                            mirrored &= pixel(out, n, c, y, xi) == pixel(in, n, c, y, IMAGE.width() - 1 - xi);
                        }
                    }
                }
                assertTrue(same != mirrored, "image " + n + " is itself or its mirror");
                flipped += mirrored ? 1 : 0;
            }
            assertTrue(flipped > 16 && flipped < 48, flipped + " of 64 flipped");
        }
    }

    @Test
    void theSameSeedDrawsTheSameTransformations() {
        try (NDManager m = NDManager.newBaseManager()) {
            Augmentation both = new Augmentation(List.of("hflip", "crop"), IMAGE);
            Engine.getInstance().setRandomSeed(7);
            float[] first = both.apply(images(m), m).toFloatArray();
            Engine.getInstance().setRandomSeed(7);
            float[] again = both.apply(images(m), m).toFloatArray();
            assertArrayEquals(first, again);
            assertEquals(
                    new Shape(BATCH, IMAGE.dimensions()),
                    both.apply(images(m), m).getShape());
        }
    }
}
