package genmodels.models.vae;

import genmodels.config.Checks;
import genmodels.config.ModelConfig;
import java.util.List;

/**
 * The {@code model} section of {@code train-vae}.
 *
 * @param type always {@code vae}
 * @param hidden sizes of the encoder's hidden layers (the decoder mirrors them), e.g. [400]
 * @param latentDim dimension of the latent code z
 * @param likelihood {@code bernoulli} (pixels as probabilities, BCE from logits) or {@code gaussian}
 *     (fixed-variance Gaussian, i.e. scaled squared error plus its normalising constant)
 * @param beta weight on the KL term (1 is the plain VAE; Higgins et al. 2017 for beta != 1)
 * @param sigma standard deviation of the Gaussian likelihood (ignored for bernoulli)
 * @param logvarClamp clip the encoder's log-variance to [-c, c] (guards exp(logvar) against
 *     overflow when training diverges), or null
 */
public record VaeConfig(String type, List<Integer> hidden, int latentDim, String likelihood, double beta, double sigma,
        Double logvarClamp) implements ModelConfig {

    public VaeConfig {
        Checks.oneOf("type", type, "vae");
        hidden = Checks.sizes("hidden", hidden, 1, 65_536);
        Checks.inRange("latent_dim", latentDim, 1, 65_536);
        Checks.oneOf("likelihood", likelihood, "bernoulli", "gaussian");
        Checks.inRange("beta", beta, 0, 1e6);
        Checks.aboveAtMost("sigma", sigma, 0, 1e3);
        if (logvarClamp != null) {
            Checks.aboveAtMost("logvar_clamp", logvarClamp, 0, 80);
        }
    }

    /** A section without a log-variance clamp. */
    public VaeConfig(String type, List<Integer> hidden, int latentDim, String likelihood, double beta, double sigma) {
        this(type, hidden, latentDim, likelihood, beta, sigma, null);
    }
}
