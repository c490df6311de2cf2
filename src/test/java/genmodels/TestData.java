package genmodels;

import genmodels.config.DataConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The small real MNIST slice committed under src/test/resources/mnist-slice (1,000 train, 1,000 test). */
public final class TestData {

    /** md5 of the uncompressed slice files, as the loader must report them. */
    public static final String TRAIN_IMAGES_MD5 = "da098a60089079029bd38673813e12db";

    public static final String TEST_IMAGES_MD5 = "bac4371a484d0b5651e81d99305acb5a";

    private TestData() {}

    /** @return the folder holding the four gzipped IDX files */
    public static Path mnistSlice() {
        try {
            return Path.of(TestData.class.getResource("/mnist-slice/README.md").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a data section reading the slice */
    public static DataConfig slice() {
        return new DataConfig("mnist", mnistSlice().toString(), 0, null, null);
    }
}
