package genmodels.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import genmodels.data.ImageSplit;
import genmodels.models.LossTerms;
import genmodels.models.PhasedModel;
import genmodels.models.TrainableModel;
import genmodels.optim.StepResult;
import java.util.List;

/**
 * One optimizer step, the hot path of every training command: gather a batch on the device,
 * forward and loss, backward, the divergence guard, optional clipping, the Adam update. Per-step
 * arrays live in a sub-manager closed at the end, so memory stays flat.
 *
 * <p>The guard and the update are one call to the engine ({@link Adam#checkedStep}): the
 * gradient's squared norm and the loss terms are checked on the device, the update is skipped there
 * when anything is not finite, and the values come back in one small copy, the step's only
 * synchronisation with the device. A NaN or infinity then stops the run with the weights and the
 * optimizer state untouched. The terms' batch sums ride along for the metrics.
 */
public final class TrainingStep {

    private final TrainableModel model;
    private final ParameterStore store;
    private final Optimizers optimizers;
    private final Double gradClip;
    private final NDManager manager;
    private Phases phases = Phases.NONE;

    /** Told when each phase of a step ends (benchmarks time them; training passes {@link #NONE}). */
    public interface Phases {
        /**
         * @param name gather, forward_and_loss, backward or guarded_update
         * @param result an array the phase produced (a benchmark on a GPU synchronises on it)
         */
        void end(String name, NDArray result);

        /** Does nothing. */
        Phases NONE = (name, result) -> {};
    }

    /**
     * @param model the model to train
     * @param store its parameter store
     * @param optimizers one Adam per parameter group of the model
     * @param gradClip rescale each group's gradient to this global L2 norm when it is larger, or null
     * @param manager long-lived manager the per-step managers hang from
     */
    public TrainingStep(
            TrainableModel model, ParameterStore store, Optimizers optimizers, Double gradClip, NDManager manager) {
        this.model = model;
        this.store = store;
        this.optimizers = optimizers;
        this.gradClip = gradClip;
        this.manager = manager;
    }

    /**
     * One step on the images {@code order[from, to)} of a split.
     *
     * @param order indices into the split, on its device ({@link ImageSplit#upload})
     * @param epoch the epoch in progress, for the divergence message
     * @return the first parameter group's objective, its terms' batch sums (in the order of {@code
     *     model.termNames()}) and its gradient's squared norm
     * @throws TrainingDiverged (the step not applied) if a term, the objective or the gradient is
     *     not finite
     */
    public StepResult run(ImageSplit split, NDArray order, int from, int to, int epoch) {
        try (NDManager batch = manager.newSubManager()) {
            ImageSplit.Batch b = split.gather(batch, order, from, to);
            phases.end("gather", b.images());
            StepResult result =
                    model instanceof PhasedModel phased ? phasedStep(phased, b, epoch) : singleStep(b, epoch);
            model.afterStep(batch, optimizers.stepCount());
            return result;
        }
    }

    private StepResult singleStep(ImageSplit.Batch b, int epoch) {
        LossTerms terms;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            terms = model.loss(store, b.images(), b.labels(), true);
            phases.end("forward_and_loss", terms.objective());
            collector.backward(terms.objective());
        }
        phases.end("backward", terms.objective());
        StepResult result = optimizers
                .get(0)
                .checkedStep(
                        terms.objective(),
                        terms.inOrder(model.termNames()),
                        gradClip); // skipped on the device unless all finite
        phases.end("guarded_update", null);
        requireFinite(result, model.termNames(), "", epoch);
        return result;
    }

    /**
     * One phase per parameter group, in order, each with the other groups frozen: forward and loss,
     * backward, that group's guarded update. The first phase's result is the step's.
     */
    private StepResult phasedStep(PhasedModel phased, ImageSplit.Batch b, int epoch) {
        StepResult reported = null;
        long step = optimizers.stepCount();
        for (int g = 0; g < optimizers.size(); g++) {
            String group = optimizers.group(g).name();
            LossTerms terms;
            optimizers.freezeAllBut(g);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = phased.phaseLoss(group, store, b.images(), b.labels(), step);
                if (terms != null) {
                    collector.backward(terms.objective());
                }
            } finally {
                optimizers.freezeAllBut(-1);
            }
            if (terms == null) {
                continue;
            }
            List<String> names =
                    g == 0 ? model.termNames() : List.copyOf(terms.sums().keySet());
            List<NDArray> sums = g == 0
                    ? terms.inOrder(model.termNames())
                    : List.copyOf(terms.sums().values());
            StepResult result = optimizers.get(g).checkedStep(terms.objective(), sums, gradClip);
            requireFinite(result, names, group + " ", epoch);
            if (g == 0) {
                reported = result;
            }
        }
        phases.end("guarded_update", null);
        if (reported == null) {
            throw new IllegalStateException("the first parameter group's phase must run every step");
        }
        return reported;
    }

    /** @throws TrainingDiverged naming what is not finite (the optimizer skipped the update) */
    private void requireFinite(StepResult result, List<String> names, String prefix, int epoch) {
        List<String> bad = result.nonFinite(names, prefix);
        if (!bad.isEmpty()) {
            throw new TrainingDiverged(epoch, optimizers.stepCount() + 1, bad);
        }
    }

    /** Reports the end of each phase to {@code phases} (benchmarks only). */
    public TrainingStep withPhases(Phases phases) {
        this.phases = phases;
        return this;
    }

    /** @return the optimizers this step updates with */
    public Optimizers optimizers() {
        return optimizers;
    }
}
