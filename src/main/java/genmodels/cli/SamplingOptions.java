package genmodels.cli;

import genmodels.models.SamplingSettings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --steps}, {@code --eta} and {@code --guidance}: how a diffusion model's sampler runs, for {@code sample} and
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

    @Option(
            names = "--guidance",
            paramLabel = "W",
            split = ",",
            description = "A conditional diffusion model's classifier-free guidance weight w: (1 + w) eps(x, y) - w"
                    + " eps(x), 0 unguided (default: model.guidance of its config). evaluate takes a list, e.g."
                    + " 0,0.5,1,2,4, and writes the sweep as a table and a plot.")
    List<Double> guidance;

    /** @return the settings as given (the first guidance weight, when several are) */
    SamplingSettings settings() {
        return new SamplingSettings(steps, eta, guidance == null ? null : guidance.get(0));
    }

    /**
     * @return the guidance weights given, in order, or empty
     */
    List<Double> guidanceSweep() {
        return guidance == null ? List.of() : List.copyOf(guidance);
    }
}
