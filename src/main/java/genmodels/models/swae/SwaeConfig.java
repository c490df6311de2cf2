package genmodels.models.swae;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;
import genmodels.models.Architecture;
import genmodels.models.DeterministicAutoencoder;
import genmodels.models.Mlp;
import genmodels.models.Prior;
import java.util.List;

/**
 * The {@code model} section of {@code train-swae}.
 *
 * @param type always {@code swae}
 * @param architecture {@code mlp} or {@code conv} (see {@link Architecture}; conv puts its
 *     convolutions between the image and {@code layers[1:]})
 * @param channels channels of the conv encoder's convolutions from the image inwards, e.g. [32, 64]
 * @param init {@code pytorch} or {@code xavier} (see {@link Architecture})
 * @param layers widths from the input to the code, e.g. [784, 128, 64, 2]; the decoder mirrors them
 * @param activation between layers: {@code leaky_relu}, {@code relu} or {@code sigmoid}
 * @param loss reconstruction loss: {@code bce} or {@code mse}, summed over pixels
 * @param lambda weight of the sliced-Wasserstein term in the objective
 * @param projections random unit directions per batch in the sliced-Wasserstein estimate
 * @param prior {@code normal} (any dimension), or for 2-D codes {@code disk}, {@code ring}, {@code square}
 * @param slicedDistance {@code squared} (SW2^2, Kolouri et al.'s: the mean over directions of the
 *     squared 1-D distance) or {@code mean_sqrt} (the course code's: the mean over directions of its
 *     square root); null means squared
 * @param classifierWeight weight of the cross-entropy of a linear classifier on the code, as the
 *     class-supervised AE's (semi-supervised SWAE); null or 0 for none
 */
public record SwaeConfig(
        String type,
        String architecture,
        List<Integer> channels,
        String init,
        List<Integer> layers,
        String activation,
        String loss,
        double lambda,
        int projections,
        String prior,
        String slicedDistance,
        Double classifierWeight)
        implements ModelConfig {

    /** The values of {@code sliced_distance}. */
    public static final String[] SLICED_DISTANCES = {"squared", "mean_sqrt"};

    public SwaeConfig {
        Checks.oneOf("type", type, "swae");
        channels = new Architecture(architecture, channels, init).channels();
        List<Integer> checked = DeterministicAutoencoder.checkLayers(layers);
        layers = checked;
        Checks.oneOf("activation", activation, Mlp.ACTIVATIONS);
        Checks.oneOf("loss", loss, "bce", "mse");
        Checks.inRange("lambda", lambda, 0, 1e9);
        Checks.inRange("projections", projections, 1, 100_000);
        Checks.oneOf("prior", prior, "normal", "disk", "ring", "square");
        slicedDistance = slicedDistance == null ? "squared" : slicedDistance;
        Checks.oneOf("sliced_distance", slicedDistance, SLICED_DISTANCES);
        classifierWeight = classifierWeight == null ? 0.0 : classifierWeight;
        Checks.inRange("classifier_weight", classifierWeight, 0, 1e6);
        if (!Prior.fromConfig(prior).supports(checked.get(checked.size() - 1))) {
            throw new ConfigException(
                    "prior",
                    "'" + prior + "' is two-dimensional but the code has " + checked.get(checked.size() - 1)
                            + " dimensions; end model.layers with 2 or use prior normal");
        }
    }

    /** An MLP section with PyTorch's initialisation. */
    public SwaeConfig(
            String type,
            List<Integer> layers,
            String activation,
            String loss,
            double lambda,
            int projections,
            String prior) {
        this(type, "mlp", List.of(32, 64), "pytorch", layers, activation, loss, lambda, projections, prior, null, null);
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
