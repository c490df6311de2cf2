package genmodels.cli;

import genmodels.errors.UserError;
import genmodels.models.diffusion.Diffusion;
import genmodels.runs.TrainedModel;
import picocli.CommandLine.Option;

/** {@code --steps} and {@code --eta}: how a diffusion model samples, for {@code sample} and {@code evaluate}. */
final class SamplingOptions {

    @Option(names = "--steps", paramLabel = "S", defaultValue = "0",
            description = "A diffusion model's sampling steps: T runs DDPM's ancestral sampler, fewer run DDIM"
                    + " (0: model.sample_steps of its config).")
    int steps;

    @Option(names = "--eta", paramLabel = "E",
            description = "A diffusion model's DDIM eta for this command, in [0, 1] (default: model.ddim_eta of its config).")
    Double eta;

    /**
     * Checks the options against a trained model and sets a diffusion model's eta.
     *
     * @param strict reject the options for a model that is not a diffusion model (sample, one run);
     *     otherwise they apply to the diffusion models among several runs (evaluate --compare)
     * @throws UserError if steps is outside [0, T] or eta outside [0, 1], or (strict) the model
     *     is not a diffusion model
     */
    void applyTo(TrainedModel trained, boolean strict) {
        if (!(trained.model() instanceof Diffusion d)) {
            if (strict && (steps != 0 || eta != null)) {
                throw new UserError("--steps and --eta are for diffusion models; " + trained.runDir() + " holds a "
                        + trained.config().model().type());
            }
            return;
        }
        if (steps < 0 || steps > d.schedule().steps()) {
            throw new UserError("--steps must be in [0, T] (T = " + d.schedule().steps() + " for " + trained.runDir()
                    + "; 0: the config's sample_steps), found " + steps);
        }
        if (eta != null) {
            if (!(eta >= 0 && eta <= 1)) {
                throw new UserError("--eta must be in [0, 1] (0: deterministic DDIM, 1: DDPM's variance), found " + eta);
            }
            d.setSamplingEta(eta);
        }
    }
}
