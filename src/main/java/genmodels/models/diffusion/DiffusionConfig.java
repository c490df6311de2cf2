package genmodels.models.diffusion;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;
import java.util.List;

/**
 * The {@code model} section of {@code train-diffusion}.
 *
 * @param type always {@code diffusion}
 * @param schedule {@code linear} (Ho et al. 2020) or {@code cosine} (Nichol &amp; Dhariwal 2021)
 * @param timesteps T, the number of noising steps (1000 in both papers)
 * @param betaStart beta_1 of the linear schedule (1e-4)
 * @param betaEnd beta_T of the linear schedule (0.02)
 * @param channels the U-Net's channels per resolution, full resolution first, each further level
 *     halving the side (28, 14, 7), e.g. [32, 64]; both image sides must halve evenly at every level (at most 3 levels for 28x28 images)
 * @param emaDecay decay of the exponential moving average of the weights that sampling uses
 *     (0.9999 in Ho et al.; 0 samples with the trained weights themselves)
 * @param sampleSteps sampling steps when none are asked for (grids, evaluate, sample without
 *     --steps): T runs DDPM's ancestral sampler, fewer run DDIM
 * @param ddimEta DDIM's stochasticity eta (0: deterministic; 1: DDPM's variance)
 * @param clipDenoised clip each predicted x_0 to the data range [-1, 1] while sampling (as Ho et
 *     al.'s code does)
 * @param conditional a class-conditional model with classifier-free guidance (Ho &amp; Salimans
 *     2022): the class's learned embedding is added to the U-Net's time embedding (null, as in
 *     configs that predate it, means false)
 * @param uncondProb the probability with which a training image's class is replaced by the "no
 *     class" label, so that the same network learns the unconditional noise prediction (0.1 in Ho
 *     &amp; Salimans' experiments; null means 0.1)
 * @param guidance the guidance weight w when none is asked for: sampling follows {@code (1 + w)
 *     eps(x, y) - w eps(x)}; 0 is the conditional model unguided (null means 0)
 */
public record DiffusionConfig(
        String type,
        String schedule,
        int timesteps,
        double betaStart,
        double betaEnd,
        List<Integer> channels,
        double emaDecay,
        int sampleSteps,
        double ddimEta,
        boolean clipDenoised,
        Boolean conditional,
        Double uncondProb,
        Double guidance)
        implements ModelConfig {

    public DiffusionConfig {
        Checks.oneOf("type", type, "diffusion");
        Checks.oneOf("schedule", schedule, "linear", "cosine");
        Checks.inRange("timesteps", timesteps, 2, 100_000);
        Checks.aboveAtMost("beta_start", betaStart, 0, 0.5);
        Checks.aboveAtMost("beta_end", betaEnd, 0, 0.999);
        if (betaEnd < betaStart) {
            throw new ConfigException("beta_end", "must be at least beta_start (" + betaStart + "), found " + betaEnd);
        }
        channels = Checks.sizes("channels", channels, 1, 4096);
        Checks.inRange("ema_decay", emaDecay, 0, 0.999999);
        Checks.inRange("sample_steps", sampleSteps, 1, timesteps);
        Checks.inRange("ddim_eta", ddimEta, 0, 1);
        conditional = conditional != null && conditional;
        uncondProb = uncondProb == null ? 0.1 : uncondProb;
        Checks.inRange("uncond_prob", uncondProb, 0, 1);
        guidance = guidance == null ? 0.0 : guidance;
        Checks.inRange("guidance", guidance, 0, MAX_GUIDANCE);
        if (conditional && uncondProb == 0 && guidance != 0) {
            throw new ConfigException(
                    "guidance",
                    "mixes in the unconditional noise prediction, which uncond_prob 0 never trains; set"
                            + " model.uncond_prob (0.1) or model.guidance: 0");
        }
    }

    /** The largest guidance weight accepted. */
    public static final double MAX_GUIDANCE = 100;

    /** A section as configs before {@code conditional} wrote it: an unconditional model. */
    public DiffusionConfig(
            String type,
            String schedule,
            int timesteps,
            double betaStart,
            double betaEnd,
            List<Integer> channels,
            double emaDecay,
            int sampleSteps,
            double ddimEta,
            boolean clipDenoised) {
        this(
                type,
                schedule,
                timesteps,
                betaStart,
                betaEnd,
                channels,
                emaDecay,
                sampleSteps,
                ddimEta,
                clipDenoised,
                false,
                0.1,
                0.0);
    }

    /** @return the noise schedule this section describes */
    public NoiseSchedule noiseSchedule() {
        return schedule.equals("linear")
                ? NoiseSchedule.linear(timesteps, betaStart, betaEnd)
                : NoiseSchedule.cosine(timesteps);
    }
}
