package genmodels.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import genmodels.data.Augmentation;
import genmodels.data.ImageSplit;
import genmodels.models.LossTerms;
import genmodels.models.PhasedModel;
import genmodels.models.TrainableModel;
import genmodels.optim.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *
 * <p>With {@link #withRecipe}: gradient accumulation (the update's images are split into
 * micro-batches of the batch size, each backward pass on a micro-batch's objective weighted by its
 * share of the images, so the summed gradient is the gradient of the whole update's mean, as one
 * step on the big batch; batch-level terms such as a sliced-Wasserstein estimate are then per
 * micro-batch), augmentation of the training images ({@link Augmentation}) and bfloat16 mixed
 * precision ({@link MixedPrecision}).
 */
public final class TrainingStep {

    private final TrainableModel model;
    private final ParameterStore store;
    private final Optimizers optimizers;
    private final Double gradClip;
    private final NDManager manager;
    private Phases phases = Phases.NONE;
    private int microBatch = Integer.MAX_VALUE;
    private Augmentation augmentation;
    private ParameterStore trainingStore;

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
        this.trainingStore = store;
    }

    /**
     * The parts of the training recipe that change the step.
     *
     * @param batchSize images per micro-batch: an update of more images is accumulated over
     *     micro-batches of this size
     * @param augment what to do to the training images, or null for nothing
     * @param bf16 whether forward and backward run in bfloat16 ({@link MixedPrecision})
     */
    public TrainingStep withRecipe(int batchSize, Augmentation augment, boolean bf16) {
        this.microBatch = batchSize;
        this.augmentation = augment;
        this.trainingStore = bf16 ? new MixedPrecision(store.getManager()) : store;
        return this;
    }

    /**
     * One update on the images {@code order[from, to)} of a split.
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
            if (augmentation != null) {
                b = new ImageSplit.Batch(augmentation.apply(b.images(), batch), b.labels());
            }
            phases.end("gather", b.images());
            if (trainingStore instanceof MixedPrecision mixed) {
                mixed.castInto(batch);
            }
            List<ImageSplit.Batch> parts = microBatches(b);
            StepResult result =
                    model instanceof PhasedModel phased ? phasedStep(phased, parts, epoch) : singleStep(parts, epoch);
            optimizers.afterUpdate();
            model.afterStep(batch, optimizers.stepCount());
            return result;
        }
    }

    /** @return the batch cut into micro-batches of at most {@code microBatch} images (itself when it fits) */
    private List<ImageSplit.Batch> microBatches(ImageSplit.Batch b) {
        long n = b.images().getShape().get(0);
        if (n <= microBatch) {
            return List.of(b);
        }
        List<ImageSplit.Batch> parts = new ArrayList<>();
        for (long at = 0; at < n; at += microBatch) {
            NDIndex rows = new NDIndex().addSliceDim(at, Math.min(n, at + microBatch));
            parts.add(new ImageSplit.Batch(b.images().get(rows), b.labels().get(rows)));
        }
        return parts;
    }

    private StepResult singleStep(List<ImageSplit.Batch> parts, int epoch) {
        Accumulated sum = new Accumulated();
        for (ImageSplit.Batch part : parts) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossTerms terms = model.loss(trainingStore, part.images(), part.labels(), true);
                phases.end("forward_and_loss", terms.objective());
                collector.backward(sum.add(terms, share(part, parts)));
            }
        }
        phases.end("backward", sum.objective);
        StepResult result = optimizers
                .get(0)
                .checkedStep(
                        sum.objective,
                        sum.inOrder(model.termNames()),
                        gradClip,
                        optimizers.rate(0, optimizers.stepCount())); // skipped on the device unless all finite
        phases.end("guarded_update", null);
        requireFinite(result, model.termNames(), "", epoch);
        return result;
    }

    /**
     * One phase per parameter group, in order, each with the other groups frozen: forward and loss,
     * backward (over the micro-batches), that group's guarded update. The first phase's result is
     * the step's.
     */
    private StepResult phasedStep(PhasedModel phased, List<ImageSplit.Batch> parts, int epoch) {
        StepResult reported = null;
        long step = optimizers.stepCount();
        for (int g = 0; g < optimizers.size(); g++) {
            Accumulated sum = phaseGradients(phased, g, parts, step);
            if (sum == null) {
                continue;
            }
            List<String> names = g == 0 ? model.termNames() : List.copyOf(sum.sums.keySet());
            StepResult result = optimizers
                    .get(g)
                    .checkedStep(sum.objective, sum.inOrder(names), gradClip, optimizers.rate(g, step));
            requireFinite(result, names, optimizers.group(g).name() + " ", epoch);
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

    /** @return group {@code g}'s phase over the micro-batches, gradients accumulated; null when it skips this step */
    private Accumulated phaseGradients(PhasedModel phased, int g, List<ImageSplit.Batch> parts, long step) {
        String group = optimizers.group(g).name();
        Accumulated sum = new Accumulated();
        optimizers.freezeAllBut(g);
        try {
            for (ImageSplit.Batch part : parts) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    LossTerms terms = phased.phaseLoss(group, trainingStore, part.images(), part.labels(), step);
                    if (terms == null) {
                        return null;
                    }
                    collector.backward(sum.add(terms, share(part, parts)));
                }
            }
        } finally {
            optimizers.freezeAllBut(-1);
        }
        return sum;
    }

    /** @return the micro-batch's share of the update's images (1 without accumulation) */
    private static double share(ImageSplit.Batch part, List<ImageSplit.Batch> parts) {
        if (parts.size() == 1) {
            return 1;
        }
        long total = 0;
        for (ImageSplit.Batch p : parts) {
            total += p.images().getShape().get(0);
        }
        return (double) part.images().getShape().get(0) / total;
    }

    /** The update's objective (micro-batch objectives weighted by their shares) and its terms' batch sums. */
    private static final class Accumulated {
        NDArray objective;
        final Map<String, NDArray> sums = new LinkedHashMap<>();

        /** @return the micro-batch's weighted objective, to take the gradient of */
        NDArray add(LossTerms terms, double share) {
            NDArray weighted =
                    share == 1 ? terms.objective() : terms.objective().mul(share);
            objective = objective == null ? weighted : objective.add(weighted);
            terms.sums().forEach((name, value) -> sums.merge(name, value, NDArray::add));
            return weighted;
        }

        List<NDArray> inOrder(List<String> names) {
            return new LossTerms(objective, sums).inOrder(names);
        }
    }

    /** @throws TrainingDiverged naming what is not finite (the optimizer skipped the update) */
    private void requireFinite(StepResult result, List<String> names, String prefix, int epoch) {
        List<String> bad = result.nonFinite(names, prefix);
        if (!bad.isEmpty()) {
            throw new TrainingDiverged(epoch, optimizers.stepCount() + 1, bad);
        }
    }

    /** Transforms the training images of every batch ({@link Augmentation}), or not for null. */
    public TrainingStep withAugmentation(Augmentation augment) {
        this.augmentation = augment;
        return this;
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
