package genmodels.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import genmodels.data.ImageSplit;
import genmodels.models.LossTerms;
import genmodels.models.TrainableModel;
import genmodels.optim.Adam;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final Adam optimizer;
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
        Phases NONE = (name, result) -> { };
    }

    /**
     * @param model the model to train
     * @param store its parameter store
     * @param optimizer Adam over the model's parameters
     * @param gradClip rescale the gradient to this global L2 norm when it is larger, or null
     * @param manager long-lived manager the per-step managers hang from
     */
    public TrainingStep(TrainableModel model, ParameterStore store, Adam optimizer, Double gradClip, NDManager manager) {
        this.model = model;
        this.store = store;
        this.optimizer = optimizer;
        this.gradClip = gradClip;
        this.manager = manager;
    }

    /**
     * One step on the images {@code order[from, to)} of a split.
     *
     * @param order indices into the split, on its device ({@link ImageSplit#upload})
     * @param epoch the epoch in progress, for the divergence message
     * @return the batch sums of the terms, in the order of {@code model.termNames()}
     * @throws TrainingDiverged (the step not applied) if a term, the objective or the gradient is
     *     not finite
     */
    public float[] run(ImageSplit split, NDArray order, int from, int to, int epoch) {
        try (NDManager batch = manager.newSubManager()) {
            ImageSplit.Batch b = split.gather(batch, order, from, to);
            phases.end("gather", b.images());
            LossTerms terms;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = model.loss(store, b.images(), b.labels(), true);
                phases.end("forward_and_loss", terms.objective());
                collector.backward(terms.objective());
            }
            NDList checked = new NDList(terms.objective());
            checked.addAll(TrainingLoop.inNameOrder(model, terms));
            phases.end("backward", terms.objective());
            float[] values = optimizer.checkedStep(checked, gradClip); // skipped on the device unless all finite
            phases.end("guarded_update", null);
            List<String> bad = nonFinite(values);
            if (!bad.isEmpty()) {
                throw new TrainingDiverged(epoch, optimizer.stepCount() + 1, bad);
            }
            return Arrays.copyOfRange(values, 1, values.length - 1);
        }
    }

    /** @return the names of the non-finite terms; else "the objective" or "the gradient" if those are */
    private List<String> nonFinite(float[] values) {
        List<String> bad = new ArrayList<>();
        List<String> names = model.termNames();
        for (int k = 0; k < names.size(); k++) {
            if (!Float.isFinite(values[k + 1])) {
                bad.add(names.get(k));
            }
        }
        if (bad.isEmpty() && !Float.isFinite(values[0])) {
            bad.add("the objective");
        }
        if (bad.isEmpty() && !Float.isFinite(values[values.length - 1])) {
            bad.add("the gradient");
        }
        return bad;
    }

    /** Reports the end of each phase to {@code phases} (benchmarks only). */
    public TrainingStep withPhases(Phases phases) {
        this.phases = phases;
        return this;
    }

    /** @return the optimizer this step updates with */
    public Adam optimizer() {
        return optimizer;
    }
}
