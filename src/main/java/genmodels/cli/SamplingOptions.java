package genmodels.cli;

import genmodels.models.SamplingSettings;
import picocli.CommandLine.Option;

/**
 * {@code --steps} and {@code --eta}: how a diffusion model's sampler runs, for {@code sample} and
 * {@code evaluate}. The model checks them ({@link genmodels.models.TrainableModel#priorSampler});
 * samplers without such settings refuse them.
 */
final class SamplingOptions {

    @Option(
            names = "--steps",
            paramLabel = "S",
            defaultValue = "0",
            description = "A diffusion model's sampling steps: T runs DDPM's ancestral sampler, fewer run DDIM"
                    + " (0: model.sample_steps of its config).")
    int steps;

    @Option(
            names = "--eta",
            paramLabel = "E",
            description =
                    "A diffusion model's DDIM eta for this command, in [0, 1] (default: model.ddim_eta of its config).")
    Double eta;

    /** @return the settings as given */
    SamplingSettings settings() {
        return new SamplingSettings(steps, eta);
    }
}
