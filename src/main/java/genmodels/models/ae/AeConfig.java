package genmodels.models.ae;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;
import genmodels.models.Architecture;
import genmodels.models.DeterministicAutoencoder;
import genmodels.models.Mlp;
import java.util.List;

/**
 * The {@code model} section of {@code train-ae}.
 *
 * @param type always {@code ae}
 * @param architecture {@code mlp} or {@code conv} (see {@link Architecture}; conv puts its
 *     convolutions between the image and {@code layers[1:]})
 * @param channels channels of the conv encoder's convolutions from the image inwards, e.g. [32, 64]
 * @param init {@code pytorch} or {@code xavier} (see {@link Architecture})
 * @param layers widths from the input to the code, e.g. [784, 128, 64, 2]; the decoder mirrors them
 * @param activation between layers: {@code leaky_relu}, {@code relu}, {@code sigmoid} or {@code
 *     identity} (a linear network); none on the code layer
 * @param loss reconstruction loss: {@code bce} (nats) or {@code mse} (squared error), summed over pixels
 * @param classifierWeight weight of the cross-entropy of a linear classifier on the code; 0 for a
 *     plain autoencoder
 * @param outputLink the decoder's output link: {@code sigmoid} (logits, the means their sigmoid) or
 *     {@code identity} (the means themselves; needs loss mse: with identity activations a truly
 *     linear autoencoder, comparable with PCA); null means sigmoid
 */
public record AeConfig(
        String type,
        String architecture,
        List<Integer> channels,
        String init,
        List<Integer> layers,
        String activation,
        String loss,
        double classifierWeight,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String outputLink)
        implements ModelConfig {

    public AeConfig {
        Checks.oneOf("type", type, "ae");
        channels = new Architecture(architecture, channels, init).channels();
        layers = DeterministicAutoencoder.checkLayers(layers);
        Checks.oneOf("activation", activation, Mlp.ACTIVATIONS);
        Checks.oneOf("loss", loss, "bce", "mse");
        Checks.inRange("classifier_weight", classifierWeight, 0, 1e6);
        if (outputLink != null) {
            Checks.oneOf("output_link", outputLink, "sigmoid", "identity");
            if (outputLink.equals("identity") && !loss.equals("mse")) {
                throw new ConfigException(
                        "output_link",
                        "identity gives pixel means that are not probabilities, which the bce loss needs; set"
                                + " model.loss=mse");
            }
        }
    }

    /** @return whether the decoder's output is the pixel means themselves */
    public boolean linearOutput() {
        return "identity".equals(outputLink);
    }

    /** A plain MLP autoencoder section with PyTorch's initialisation. */
    public AeConfig(String type, List<Integer> layers, String activation, String loss, double classifierWeight) {
        this(type, "mlp", List.of(32, 64), "pytorch", layers, activation, loss, classifierWeight, null);
    }

    /** @return how the encoder and decoder are built */
    public Architecture network() {
        return new Architecture(architecture, channels, init);
    }

    /** @return the code (latent) dimension, the last entry of {@code layers} */
    public int latentDim() {
        return layers.get(layers.size() - 1);
    }
}
