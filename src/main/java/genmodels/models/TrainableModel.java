package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import genmodels.config.DataConfig;
import genmodels.config.OptimizerConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The contract between a model and the rest of the tool: everything particular to a model is
 * stated here, by the model, so that training, {@code evaluate}, {@code sample}, {@code bench},
 * {@code sweep collect}, the curves and the report loop over it and never ask which model they
 * hold. Images are float32 {@code [batch, pixels]} in [0, 1]; arrays returned are created in the
 * manager of the input.
 *
 * <p>The model states: its loss terms with unit and direction ({@link #terms}), its headline figure
 * ({@link #headline}), its samplers ({@link #priorSampler}; the latent ones come with {@link
 * GenerativeModel}), its evaluations ({@link #evaluations}), whether early stopping applies ({@link
 * #earlyStoppingRefusal}), the pictures training draws for it ({@link #pictures}), its parameter
 * groups and per-step and per-epoch hooks. Its config section is its own record ({@link
 * ModelDefinition#configType}).
 */
public interface TrainableModel {

    /** @return the DJL block holding every trainable parameter (saved and loaded as a whole) */
    Block block();

    /** @return the terms {@link #loss} reports, in reporting order, each with its unit and direction */
    List<Term> terms();

    /** @return the names of {@link #terms}, in order */
    default List<String> termNames() {
        return terms().stream().map(Term::name).toList();
    }

    /**
     * @return the figure a run is judged by, measured on the validation split: early stopping
     *     watches it, the {@code best/} checkpoint keeps its best epoch, and sweeps rank grid points
     *     by it (test figures are reported beside it, never used to choose). The first term when it
     *     has a better direction, unless the model says otherwise; empty for a model none of whose
     *     terms measures what it is for (a GAN: it is ranked by its samples' Fréchet distance to the
     *     validation images when {@code output.classifier} is set, else not at all)
     */
    default Optional<Term> headline() {
        Term first = terms().get(0);
        return first.ranks() ? Optional.of(first) : Optional.empty();
    }

    /**
     * Runs the model on a batch and computes its loss terms.
     *
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @param labels class indices, int32 [batch] (used by supervised models)
     * @param training true during optimisation
     * @return the objective (mean over the batch) and the per-term sums over the batch
     */
    LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training);

    /**
     * The parameter groups, each updated by its own Adam. Default: one group, {@link
     * ParameterGroup#WHOLE_MODEL}, with every parameter and {@code train.optimizer}.
     *
     * @param trainOptimizer the run's {@code train.optimizer}
     */
    default List<ParameterGroup> parameterGroups(OptimizerConfig trainOptimizer) {
        return List.of(new ParameterGroup(ParameterGroup.WHOLE_MODEL, block().getParameters(), trainOptimizer));
    }

    /**
     * Called after every applied training step (a diffusion model updates its exponential moving
     * average of the weights here). Default: nothing.
     *
     * @param scope a manager closed after the step, for temporary arrays
     * @param step the first optimizer's step count after this step (restored on resume)
     */
    default void afterStep(NDManager scope, long step) {}

    /**
     * Called before the first training step of every epoch, a resumed one included (a VAE sets its
     * KL warm-up weight here). Default: nothing.
     *
     * @param epoch the 1-based epoch about to run
     */
    default void beforeEpoch(int epoch) {}

    /**
     * The sampler {@code --sampler prior} names: the model's own generative process (decoded prior
     * draws, a GAN's generator, a diffusion model's reverse process).
     *
     * @param settings the user's {@code --steps} and {@code --eta}, which a model without them refuses
     * @return the sampler, or empty when the model has no prior (a plain autoencoder, a classifier)
     */
    default Optional<Sampler> priorSampler(SamplingSettings settings) {
        return Optional.empty();
    }

    /**
     * @return whether the model generates images of a given class ({@code model.conditional}): its
     *     {@link #priorSampler} is then a {@link ClassSampler}, and {@code sample --class}, the
     *     per-class grids and the conditional figures of {@code evaluate} apply. Default: false.
     */
    default boolean conditional() {
        return false;
    }

    /** @return what {@code evaluate} computes for this model beyond its test loss terms */
    default List<ModelEvaluation> evaluations() {
        return List.of();
    }

    /** @return the pictures training draws for this model */
    default Set<Picture> pictures() {
        return Set.of();
    }

    /**
     * @return why {@code train.early_stopping} does not apply to this model, or empty when it does
     *     (a GAN's losses do not measure sample quality)
     */
    default Optional<String> earlyStoppingRefusal() {
        return Optional.empty();
    }

    /**
     * @return why {@code train.precision: bf16} does not apply to this model, or empty when its
     *     networks compute in the parameter store's {@link ComputeType}. Default: a refusal.
     */
    default Optional<String> mixedPrecisionRefusal() {
        return Optional.of("train.precision bf16 is built for the models whose networks cast at their edges (vae,"
                + " ae, dae, swae); this model's networks do not yet: use train.precision: fp32");
    }

    /**
     * @return why {@code train.ema} does not apply to this model (it averages its weights itself),
     *     or empty when it does. Default: it does.
     */
    default Optional<String> weightAverageRefusal() {
        return Optional.empty();
    }

    /** @return config changes that steady a diverging run of this model, e.g. {@code model.logvar_clamp (e.g. 10)} */
    default List<String> divergenceHints() {
        return List.of();
    }

    /**
     * @param data the run's data section
     * @return a sentence printed after training about how to read the figures, or empty
     */
    default Optional<String> resultNote(DataConfig data) {
        return Optional.empty();
    }

    /**
     * @return how many images a timing probe (the thread count of {@code --threads auto} for
     *     encode, sample and evaluate) runs through the model at once: enough to be representative,
     *     few enough to be quick
     */
    default int probeImages() {
        return 1000;
    }
}
