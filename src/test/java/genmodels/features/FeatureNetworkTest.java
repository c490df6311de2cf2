package genmodels.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.data.ImageSet;
import genmodels.errors.UserError;
import genmodels.io.NpyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A TorchScript feature network gives, through DJL, the features PyTorch gave on the same images. */
class FeatureNetworkTest {

    private static final Path RESOURCES = FeatureFiguresTest.RESOURCES;

    @Test
    void featuresEqualPytorchsOnTheSameImages() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                FeatureNetwork net = FeatureNetwork.load(RESOURCES.resolve("tiny-features.pt"), Device.cpu());
                FeatureNetwork uint8 = FeatureNetwork.load(RESOURCES.resolve("uint8-features.pt"), Device.cpu())) {
            ImageSet images = ImageSet.read(RESOURCES.resolve("tiny-images.npy"), m);
            assertEquals(12, images.size());
            float[] expected =
                    NpyFiles.read(RESOURCES.resolve("tiny-features.npy"), m).toFloatArray();
            NDArray f = net.features(images.images(), images.shape(), 5, done -> {}, m);
            assertEquals(new ai.djl.ndarray.types.Shape(12, 8), f.getShape());
            float[] got = f.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], 1e-5);
            }
            assertEquals(8, net.declaration().features());
            assertTrue(uint8.declaration().uint8Input());
            // the uint8 network divides by 255 itself: k/255 images round-trip to the same levels
            float[] viaUint8 = uint8.features(images.images(), images.shape(), 12, done -> {}, m)
                    .toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], viaUint8[i], 1e-5);
            }
            assertEquals(64, net.sha256().length());
        }
    }

    @Test
    void aNetworkReturningAnythingButNByDIsRefused() {
        try (NDManager m = NDManager.newBaseManager();
                FeatureNetwork bad = FeatureNetwork.load(RESOURCES.resolve("bad-output.pt"), Device.cpu())) {
            ImageSet images = ImageSet.read(RESOURCES.resolve("tiny-images.npy"), m);
            UserError e = assertThrows(
                    UserError.class, () -> bad.features(images.images(), images.shape(), 4, done -> {}, m));
            assertTrue(e.getMessage().contains("returned an array of shape (4, 2, 4)"), e.getMessage());
            assertTrue(e.getMessage().contains("must return one [N, D] array"), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsRefused() throws Exception {
        Path text = Files.createTempFile("not-a-network", ".pt");
        Files.writeString(text, "hello");
        UserError e = assertThrows(UserError.class, () -> FeatureNetwork.load(text, Device.cpu()));
        assertTrue(e.getMessage().contains("is not a TorchScript module"), e.getMessage());
    }
}
