package genmodels.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.config.TrainConfig;
import genmodels.data.Augmentation;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.engine.Seeds;
import genmodels.models.LossTerms;
import genmodels.models.TrainableModel;
import genmodels.optim.LearningRateSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop: shuffled mini-batches, each a {@link TrainingStep} (forward, backward,
 * divergence guard, Adam); then an evaluation pass over the validation and test splits. Listeners
 * do everything else, the loop's own concerns included: {@link EarlyStopping}, {@link
 * CheckpointListener}, {@link StopRequest} and {@link EpochMeasure} act through the {@link
 * TrainingControl} the loop hands them.
 *
 * <p>Randomness is a function of position ({@link Seeds}): each epoch's shuffle is seeded from
 * (seed, epoch) and the engine is reseeded before every batch from (seed, epoch, batch), so a run
 * resumed from any checkpoint draws exactly what an uninterrupted run draws. Each epoch's
 * permutation is uploaded to the device once; batches are gathered there. Per-batch arrays live in
 * a sub-manager closed after the step, so memory stays flat.
 *
 * <p>With a weight average ({@code train.ema}), each epoch's validation and test figures, and what
 * the listeners draw at the epoch's end, are of the averaged weights; the trained weights' figures
 * are reported beside them as the splits {@code validation_raw} and {@code test_raw}. Each epoch
 * also reports the learning rate of its last update (the split {@code schedule}).
 */
public final class TrainingLoop {

    /** Images per forward pass when evaluating. */
    static final int EVAL_BATCH = 1000;

    private final TrainableModel model;
    private final TrainConfig config;
    private final Datasets.Splits data;
    private final NDManager manager;
    private final List<TrainingListener> listeners;
    private final ParameterStore store;
    private final Optimizers optimizers;
    private final TrainingStep step;
    private TrainingState start;
    private boolean averaged;

    /**
     * @param model an initialised model whose parameters live in {@code manager}'s device
     * @param config epochs, batch size, optimizer, seed, clipping
     * @param data the splits
     * @param manager long-lived manager (optimizer state)
     * @param store the parameter store the model runs with
     * @param listeners called in order
     */
    public TrainingLoop(
            TrainableModel model,
            TrainConfig config,
            Datasets.Splits data,
            NDManager manager,
            ParameterStore store,
            List<TrainingListener> listeners) {
        this.model = model;
        this.config = config;
        this.data = data;
        this.manager = manager;
        this.listeners = List.copyOf(listeners);
        this.store = store;
        this.optimizers = Optimizers.forTraining(model, config, (long) updatesPerEpoch() * config.epochs(), manager);
        this.step = new TrainingStep(model, store, optimizers, config.gradClip(), manager)
                .withRecipe(config.batchSize(), null, config.bf16());
        this.start = TrainingState.start(model.termNames().size());
    }

    /** @return updates per epoch: the last one takes the images left over */
    private int updatesPerEpoch() {
        return updatesPerEpoch(config, data.train().size());
    }

    /** @return the images of one update: the batch size times the accumulation */
    private int updateImages() {
        return config.batchSize() * config.accumulate();
    }

    private static int updatesPerEpoch(TrainConfig config, int trainImages) {
        int images = config.batchSize() * config.accumulate();
        return (trainImages + images - 1) / images;
    }

    /**
     * Checks each optimizer's learning-rate schedule against the run's length, without building
     * anything that trains.
     *
     * @throws genmodels.errors.UserError when a warm-up is not shorter than the run, or a floor not
     *     below a rate
     */
    public static void checkSchedules(TrainableModel model, TrainConfig config, int trainImages) {
        long total = (long) updatesPerEpoch(config, trainImages) * config.epochs();
        for (var group : model.parameterGroups(config.optimizer())) {
            LearningRateSchedule.of(config.lrSchedule(), group.optimizer().lr(), total, Optimizers.described(group));
        }
    }

    /**
     * Transforms the training images of every batch ({@code data.augment}).
     *
     * @param augmentation the transformations, or null for none
     */
    public TrainingLoop augmenting(Augmentation augmentation) {
        step.withAugmentation(augmentation);
        return this;
    }

    /** @return the optimizers, whose state checkpoints save and restore */
    public Optimizers optimizers() {
        return optimizers;
    }

    /** Continues from a restored state (the weights and the optimizer already restored). */
    public TrainingLoop resumeFrom(TrainingState state) {
        this.start = state;
        return this;
    }

    /**
     * Trains until {@code config.epochs()}, or until a listener stops it.
     *
     * @return the results of every epoch, restored ones included
     * @throws TrainingInterrupted after the listeners saw the state, when one interrupted the run
     * @throws TrainingDiverged when a loss term or the gradient became non-finite
     */
    public List<EpochResult> run() throws Exception {
        int batches = updatesPerEpoch();
        TrainingControl control = new TrainingControl(config.epochs(), batches, start, optimizers);
        for (TrainingListener l : listeners) {
            l.onTrainingStart(control);
        }
        List<EpochResult> history = new ArrayList<>(start.history());
        for (int epoch = start.epoch(); epoch <= config.epochs(); epoch++) {
            try {
                EpochResult result = trainEpoch(epoch, batches, history, control);
                history.add(result);
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(result, history);
                }
            } finally {
                useAverage(false); // checkpoints hold the trained weights and the average apart
            }
            boolean last = epoch == config.epochs() || control.stoppingAfterEpoch();
            TrainingState next =
                    control.state(epoch + 1, 0, new double[model.termNames().size()], 0, 0, history);
            for (TrainingListener l : listeners) {
                l.onResumablePoint(next, last || control.interrupted());
            }
            if (last) {
                break;
            }
            if (control.interrupted()) {
                throw new TrainingInterrupted(control.interruptSignal(), next);
            }
        }
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(history);
        }
        return history;
    }

    /** One epoch: its batches (from a resumed position in the first), then the evaluation of every split. */
    private EpochResult trainEpoch(int epoch, int batches, List<EpochResult> history, TrainingControl control)
            throws Exception {
        boolean resumed = epoch == start.epoch() && start.batch() > 0;
        double[] sums = resumed
                ? start.partialSums().clone()
                : new double[model.termNames().size()];
        double earlier = resumed ? start.partialSeconds() : 0;
        long startNanos = System.nanoTime();
        model.beforeEpoch(epoch);
        ImageSplit train = data.train();
        int n = train.size();
        try (NDManager epochScope = manager.newSubManager()) {
            NDArray order = train.upload(epochScope, Seeds.permutation(n, config.seed(), epoch));
            for (int b = resumed ? start.batch() : 0; b < batches; b++) {
                int from = b * updateImages();
                int to = Math.min(n, from + updateImages());
                Seeds.seedEngine(config.seed(), epoch, b + 1);
                double[] terms = step.run(train, order, from, to, epoch).terms();
                for (int k = 0; k < sums.length; k++) {
                    sums[k] += terms[k];
                }
                double seconds = earlier + (System.nanoTime() - startNanos) / 1e9;
                BatchProgress progress = progress(epoch, b + 1, batches, seconds, to, sums);
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(progress);
                }
                if (control.interrupted() && b + 1 < batches) {
                    interruptWithin(control, control.state(epoch, b + 1, sums, to, seconds, history));
                }
            }
        }
        double seconds = earlier + (System.nanoTime() - startNanos) / 1e9;
        Map<String, Map<String, Double>> raw = trainedWeightsFigures();
        useAverage(true);
        Map<String, Map<String, Double>> metrics = evaluateEpoch(epoch, sums, n);
        metrics.putAll(raw);
        metrics.put("schedule", learningRates(optimizers.stepCount() - 1));
        // G1 grows the Java heap lazily towards a quarter of the RAM, and a long run's resident
        // memory with it; a full collection per epoch (tens of milliseconds) lets it shrink back
        System.gc();
        return new EpochResult(epoch, metrics, seconds, n / seconds, ResidentMemory.megabytes());
    }

    /**
     * @param updatesDone the updates applied before the one whose rates are wanted
     * @return each optimizer's learning rate at that update: {@code lr}, or {@code lr_<group>} for
     *     several
     */
    private Map<String, Double> learningRates(long updatesDone) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int g = 0; g < optimizers.size(); g++) {
            rates.put(optimizers.rateName(g), optimizers.rate(g, Math.max(0, updatesDone)));
        }
        return rates;
    }

    /**
     * @return with a weight average, the trained weights' validation and test figures (splits
     *     {@code validation_raw}, {@code test_raw}); nothing without one
     */
    private Map<String, Map<String, Double>> trainedWeightsFigures() {
        Map<String, Map<String, Double>> raw = new LinkedHashMap<>();
        if (optimizers.average().isPresent()) {
            if (data.validation() != null) {
                raw.put("validation_raw", evaluate(data.validation()));
            }
            raw.put("test_raw", evaluate(data.test()));
        }
        return raw;
    }

    /**
     * Puts the averaged weights into the model ({@code true}) or the trained ones back ({@code
     * false}); nothing without an average or when they are already there.
     */
    private void useAverage(boolean averaged) {
        if (optimizers.average().isPresent() && averaged != this.averaged) {
            optimizers.average().get().swap();
            this.averaged = averaged;
        }
    }

    /** Lets the listeners save the state between two batches, then ends the run. */
    private void interruptWithin(TrainingControl control, TrainingState state) throws Exception {
        for (TrainingListener l : listeners) {
            l.onResumablePoint(state, true);
        }
        throw new TrainingInterrupted(control.interruptSignal(), state);
    }

    /** @return the epoch's metrics: train (from the step sums), validation, test, and the listeners' splits */
    private Map<String, Map<String, Double>> evaluateEpoch(int epoch, double[] sums, int n) throws Exception {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        metrics.put("train", means(model.termNames(), sums, n));
        if (data.validation() != null) {
            metrics.put("validation", evaluate(data.validation()));
        }
        metrics.put("test", evaluate(data.test()));
        for (TrainingListener l : listeners) {
            l.onEpochEvaluated(epoch, metrics);
        }
        return metrics;
    }

    /** Where the epoch stands after {@code batch} batches ({@code images} images, term sums {@code sums}). */
    private BatchProgress progress(int epoch, int batch, int batches, double seconds, int images, double[] sums) {
        return new BatchProgress(
                epoch,
                config.epochs(),
                batch,
                batches,
                seconds,
                images,
                sums[0] / images,
                optimizers.stepCount(),
                means(model.termNames(), sums, images),
                learningRates(optimizers.stepCount() - 1));
    }

    /**
     * Mean per image of each term over a whole split, without gradients, in batches of 1,000 drawn
     * in a fixed random order: consecutive images of a dataset are not exchangeable (MNIST's test
     * set groups writers), and batch-level terms such as a sliced-Wasserstein estimate must see
     * batches that look like the whole split.
     *
     * @return term name to mean per image
     */
    public Map<String, Double> evaluate(ImageSplit split) {
        return evaluate(model, store, split, config.seed(), manager);
    }

    /**
     * Mean per image of each term of a model's loss over a whole split, without gradients, in
     * batches drawn in the fixed random order of {@link #evaluate(ImageSplit)}.
     *
     * @return term name to mean per image
     */
    public static Map<String, Double> evaluate(
            TrainableModel model, ParameterStore store, ImageSplit split, long seed, NDManager manager) {
        List<String> names = model.termNames();
        double[] sums = new double[names.size()];
        try (NDManager scope = manager.newSubManager()) {
            NDArray order = split.upload(scope, Seeds.permutation(split.size(), seed, 0));
            for (int from = 0; from < split.size(); from += EVAL_BATCH) {
                int to = Math.min(split.size(), from + EVAL_BATCH);
                try (NDManager batch = scope.newSubManager()) {
                    ImageSplit.Batch b = split.gather(batch, order, from, to);
                    LossTerms terms = model.loss(store, b.images(), b.labels(), false);
                    float[] values =
                            NDArrays.stack(terms.inOrder(model.termNames())).toFloatArray();
                    for (int k = 0; k < sums.length; k++) {
                        sums[k] += values[k];
                    }
                }
            }
        }
        return means(names, sums, split.size());
    }

    private static Map<String, Double> means(List<String> names, double[] sums, int n) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            out.put(names.get(k), sums[k] / n);
        }
        return out;
    }
}
