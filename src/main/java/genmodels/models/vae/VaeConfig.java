package genmodels.models.vae;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;
import genmodels.models.Architecture;
import java.util.List;

/**
 * The {@code model} section of {@code train-vae}.
 *
 * @param type always {@code vae}
 * @param architecture {@code mlp} or {@code conv} (see {@link Architecture})
 * @param channels channels of the conv encoder's convolutions from the image inwards, e.g. [32, 64]
 * @param init {@code pytorch} or {@code xavier} (see {@link Architecture})
 * @param hidden sizes of the encoder's hidden linear layers (the decoder mirrors them), e.g. [400];
 *     may be empty for {@code conv}
 * @param latentDim dimension of the latent code z
 * @param likelihood {@code bernoulli} (pixels as probabilities, BCE from logits) or {@code gaussian}
 *     (fixed-variance Gaussian, i.e. scaled squared error plus its normalising constant)
 * @param beta weight on the KL term (1 is the plain VAE; Higgins et al. 2017 for beta != 1)
 * @param sigma standard deviation of the Gaussian likelihood (ignored for bernoulli)
 * @param logvarClamp clip the encoder's log-variance to [-c, c] (guards exp(logvar) against
 *     overflow when training diverges), or null
 * @param importanceSamples k: 1 trains on the ELBO, k &gt; 1 on the importance-weighted bound of
 *     Burda et al. (2016) with k samples per image
 * @param prior {@code normal} (N(0, I)) or {@code vamp} (the VampPrior of Tomczak &amp; Welling 2018)
 * @param pseudoInputs K, the VampPrior's number of learned pseudo-inputs (unused for normal)
 * @param klWarmupEpochs epochs over which the KL weight rises linearly from 0 to 1 (Sønderby et
 *     al. 2016); 0 for none (null, as in configs that predate it, means 0)
 * @param conditional a conditional VAE (Sohn, Lee &amp; Yan 2015): the one-hot class enters the
 *     encoder, q(z | x, y), and the decoder, p(x | z, y); its bounds are on log p(x | y) (null, as
 *     in configs that predate it, means false)
 */
public record VaeConfig(
        String type,
        String architecture,
        List<Integer> channels,
        String init,
        List<Integer> hidden,
        int latentDim,
        String likelihood,
        double beta,
        double sigma,
        Double logvarClamp,
        int importanceSamples,
        String prior,
        int pseudoInputs,
        Integer klWarmupEpochs,
        Boolean conditional)
        implements ModelConfig {

    /** {@code prior} values. */
    public static final String[] PRIORS = {"normal", "vamp"};

    public VaeConfig {
        Checks.oneOf("type", type, "vae");
        Architecture network = new Architecture(architecture, channels, init);
        channels = network.channels();
        hidden = network.checkHidden("hidden", hidden);
        Checks.inRange("latent_dim", latentDim, 1, 65_536);
        Checks.oneOf("likelihood", likelihood, "bernoulli", "gaussian");
        Checks.inRange("beta", beta, 0, 1e6);
        Checks.aboveAtMost("sigma", sigma, 0, 1e3);
        if (logvarClamp != null) {
            Checks.aboveAtMost("logvar_clamp", logvarClamp, 0, 80);
        }
        Checks.inRange("importance_samples", importanceSamples, 1, 10_000);
        Checks.oneOf("prior", prior, PRIORS);
        Checks.inRange("pseudo_inputs", pseudoInputs, 1, 100_000);
        klWarmupEpochs = klWarmupEpochs == null ? 0 : klWarmupEpochs;
        Checks.inRange("kl_warmup_epochs", klWarmupEpochs, 0, 100_000);
        conditional = conditional != null && conditional;
        if (conditional && prior.equals("vamp")) {
            throw new ConfigException(
                    "conditional",
                    "a conditional VAE's prior is N(0, I): the VampPrior's pseudo-inputs have no class; use prior"
                            + " normal, or model.conditional: false");
        }
        if (importanceSamples > 1 && beta != 1.0) {
            throw new ConfigException(
                    "importance_samples",
                    "the importance-weighted bound has no KL term to weight;" + " use importance_samples 1 with beta "
                            + beta + ", or beta 1.0");
        }
    }

    /** An MLP VAE with a N(0, I) prior trained on the ELBO. */
    public VaeConfig(
            String type,
            List<Integer> hidden,
            int latentDim,
            String likelihood,
            double beta,
            double sigma,
            Double logvarClamp) {
        this(
                type,
                "mlp",
                List.of(32, 64),
                "pytorch",
                hidden,
                latentDim,
                likelihood,
                beta,
                sigma,
                logvarClamp,
                1,
                "normal",
                500,
                0,
                false);
    }

    /** A section as configs before {@code conditional} wrote it: an unconditional VAE. */
    public VaeConfig(
            String type,
            String architecture,
            List<Integer> channels,
            String init,
            List<Integer> hidden,
            int latentDim,
            String likelihood,
            double beta,
            double sigma,
            Double logvarClamp,
            int importanceSamples,
            String prior,
            int pseudoInputs,
            Integer klWarmupEpochs) {
        this(
                type,
                architecture,
                channels,
                init,
                hidden,
                latentDim,
                likelihood,
                beta,
                sigma,
                logvarClamp,
                importanceSamples,
                prior,
                pseudoInputs,
                klWarmupEpochs,
                false);
    }

    /** A section without a log-variance clamp. */
    public VaeConfig(String type, List<Integer> hidden, int latentDim, String likelihood, double beta, double sigma) {
        this(type, hidden, latentDim, likelihood, beta, sigma, null);
    }

    /** @return how the encoder and decoder are built */
    public Architecture network() {
        return new Architecture(architecture, channels, init);
    }

    /** @return whether the prior is the VampPrior */
    public boolean vamp() {
        return prior.equals("vamp");
    }
}
