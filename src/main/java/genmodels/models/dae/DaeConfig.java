package genmodels.models.dae;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;
import genmodels.models.Architecture;
import genmodels.models.DeterministicAutoencoder;
import genmodels.models.Mlp;
import java.util.List;

/**
 * The {@code model} section of {@code train-dae}.
 *
 * @param type always {@code dae}
 * @param architecture {@code mlp} or {@code conv} (see {@link Architecture})
 * @param channels channels of the conv encoder's convolutions from the image inwards, e.g. [32, 64]
 * @param init {@code pytorch} or {@code xavier} (see {@link Architecture})
 * @param layers widths from the input to the code, e.g. [784, 128, 64, 2]; the decoder mirrors them
 * @param activation between layers: {@code leaky_relu}, {@code relu} or {@code sigmoid}
 * @param loss reconstruction loss of the clean image: {@code bce} (nats) or {@code mse}, summed over pixels
 * @param corruption {@code mask} (each pixel set to 0 with probability {@code noise}, Vincent et al.
 *     2008's masking noise) or {@code gaussian} (N(0, noise^2) added to each pixel, Vincent et al. 2010)
 * @param noise the masking probability in [0, 1), or the Gaussian's standard deviation in (0, 10]
 */
public record DaeConfig(
        String type,
        String architecture,
        List<Integer> channels,
        String init,
        List<Integer> layers,
        String activation,
        String loss,
        String corruption,
        double noise)
        implements ModelConfig {

    public DaeConfig {
        Checks.oneOf("type", type, "dae");
        channels = new Architecture(architecture, channels, init).channels();
        layers = DeterministicAutoencoder.checkLayers(layers);
        Checks.oneOf("activation", activation, Mlp.ACTIVATIONS);
        Checks.oneOf("loss", loss, "bce", "mse");
        Checks.oneOf("corruption", corruption, "mask", "gaussian");
        if (corruption.equals("mask") && !(noise >= 0 && noise < 1)) {
            throw new ConfigException(
                    "noise", "is the masking probability of corruption mask: a number in [0, 1)," + " found " + noise);
        }
        if (corruption.equals("gaussian")) {
            Checks.aboveAtMost("noise", noise, 0, 10);
        }
    }

    /** @return how the encoder and decoder are built */
    public Architecture network() {
        return new Architecture(architecture, channels, init);
    }
}
