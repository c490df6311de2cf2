package genmodels.models.classifier;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;
import java.util.List;

/**
 * The {@code model} section of {@code train-classifier}.
 *
 * @param type always {@code classifier}
 * @param channels filters of the two convolutions, e.g. [16, 32]
 * @param kernel side of the square convolution kernels (valid convolutions, each followed by 2x2
 *     max-pooling)
 * @param hidden width of the dense layer before the class scores: the feature dimension of the
 *     sample-quality metrics
 */
public record ClassifierConfig(String type, List<Integer> channels, int kernel, int hidden) implements ModelConfig {

    public ClassifierConfig {
        Checks.oneOf("type", type, "classifier");
        channels = Checks.sizes("channels", channels, 1, 4096);
        if (channels.size() != 2) {
            throw new ConfigException(
                    "channels", "must list the filters of the two convolutions, e.g. [16, 32], found " + channels);
        }
        Checks.inRange("kernel", kernel, 1, 9);
        Checks.inRange("hidden", hidden, 2, 65_536);
    }

    /**
     * @param imageSide the images' height or width
     * @return that side of the feature maps after both convolution + pooling stages (4 for 28)
     * @throws ConfigException naming {@code kernel} when nothing is left
     */
    public int finalSide(int imageSide) {
        int side = (imageSide - kernel + 1) / 2;
        side = (side - kernel + 1) / 2;
        if (side < 1) {
            throw new ConfigException(
                    "model.kernel",
                    "is too large for images of side " + imageSide + " with two convolutions, found " + kernel
                            + "; use a smaller kernel or larger images (data.image_size)");
        }
        return side;
    }
}
