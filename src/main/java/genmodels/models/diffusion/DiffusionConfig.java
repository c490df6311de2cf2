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
        boolean clipDenoised)
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
    }

    /** @return the noise schedule this section describes */
    public NoiseSchedule noiseSchedule() {
        return schedule.equals("linear")
                ? NoiseSchedule.linear(timesteps, betaStart, betaEnd)
                : NoiseSchedule.cosine(timesteps);
    }
}
