package genmodels.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import genmodels.config.TrainConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.engine.Seeds;
import genmodels.models.LossTerms;
import genmodels.models.Term;
import genmodels.models.TrainableModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop: shuffled mini-batches, each a {@link TrainingStep} (forward, backward,
 * divergence guard, Adam); then an evaluation pass over the validation and test splits; listeners
 * and a {@link Checkpointing} do everything else.
 *
 * <ul>
 *   <li>Randomness is a function of position ({@link Seeds}): each epoch's shuffle is seeded from
 *       (seed, epoch) and the engine is reseeded before every batch from (seed, epoch, batch), so a
 *       run resumed from any checkpoint draws exactly what an uninterrupted run draws.
 *   <li>Before each Adam step the loss terms and the gradient's global norm are checked: a NaN or
 *       infinity stops the run with {@link TrainingDiverged}, the step not applied. With
 *       {@code train.grad_clip} the gradients are rescaled to that norm when they exceed it.
 *   <li>Each epoch's permutation is uploaded to the device once; batches are gathered there.
 *   <li>A {@link StopRequest} is honoured after the current batch: a checkpoint is written and the
 *       run ends with {@link TrainingInterrupted}.
 *   <li>With {@code train.early_stopping}, the validation split's headline figure ({@link
 *       TrainableModel#headline}) is watched, in its direction.
 * </ul>
 *
 * Per-batch arrays live in a sub-manager closed after the step, so memory stays flat.
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
    private Checkpointing checkpointing = Checkpointing.NONE;
    private StopRequest stop = new StopRequest();
    private TrainingState start;
    private String measuredSplit;
    private java.util.function.Supplier<Map<String, Double>> measure;

    /**
     * @param model an initialised model whose parameters live in {@code manager}'s device
     * @param config epochs, batch size, optimizer, seed, clipping, early stopping
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
        this.optimizers = Optimizers.forModel(model, config.optimizer(), manager);
        this.step = new TrainingStep(model, store, optimizers, config.gradClip(), manager);
        this.start = TrainingState.start(model.termNames().size());
    }

    /** @return the optimizers, whose state checkpoints save and restore */
    public Optimizers optimizers() {
        return optimizers;
    }

    /** Persists epochs, interruptions and best models through {@code c}. */
    public TrainingLoop withCheckpointing(Checkpointing c) {
        this.checkpointing = c;
        return this;
    }

    /** Stops at the next batch boundary when {@code s} is requested. */
    public TrainingLoop withStopRequest(StopRequest s) {
        this.stop = s;
        return this;
    }

    /**
     * Adds figures measured after each epoch's evaluation as their own split of the epoch's
     * metrics (a sampler's {@code samples: class_entropy}). The measure may draw from the engine's
     * generator: it is reseeded before every batch.
     */
    public TrainingLoop withEpochMeasure(String split, java.util.function.Supplier<Map<String, Double>> measure) {
        this.measuredSplit = split;
        this.measure = measure;
        return this;
    }

    /** Continues from a restored state (the weights and the optimizer already restored). */
    public TrainingLoop resumeFrom(TrainingState state) {
        this.start = state;
        return this;
    }

    /**
     * Trains until {@code config.epochs()} (or early stopping).
     *
     * @return the results of every epoch, restored ones included
     * @throws TrainingInterrupted after writing a checkpoint, when a stop was requested
     * @throws TrainingDiverged when a loss term or the gradient became non-finite
     */
    public List<EpochResult> run() throws Exception {
        int batches = (data.train().size() + config.batchSize() - 1) / config.batchSize();
        for (TrainingListener l : listeners) {
            l.onTrainingStart(config.epochs(), batches);
        }
        List<EpochResult> history = new ArrayList<>(start.history());
        EarlyStopping watch =
                new EarlyStopping(start.bestValidation(), start.bestEpoch(), start.epochsWithoutImprovement());
        for (int epoch = start.epoch(); epoch <= config.epochs(); epoch++) {
            EpochResult result = trainEpoch(epoch, batches, history, watch);
            history.add(result);
            boolean improved = watch.observe(result);
            TrainingState next = new TrainingState(
                    epoch + 1,
                    0,
                    optimizers.stepCount(),
                    new double[model.termNames().size()],
                    0,
                    0,
                    history,
                    watch.best,
                    watch.bestEpoch,
                    watch.withoutImprovement);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(result, history);
            }
            if (improved) {
                checkpointing.improved(next, optimizers);
            }
            boolean last = epoch == config.epochs() || watch.stop;
            checkpointing.epochEnd(next, optimizers, last || stop.requested());
            if (stop.requested() && !last) {
                throw new TrainingInterrupted(stop.signal(), next);
            }
            if (watch.stop) {
                break;
            }
        }
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(history);
        }
        return history;
    }

    /** One epoch: its batches (from a resumed position in the first), then the evaluation of every split. */
    private EpochResult trainEpoch(int epoch, int batches, List<EpochResult> history, EarlyStopping watch)
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
                int from = b * config.batchSize();
                int to = Math.min(n, from + config.batchSize());
                Engine.getInstance().setRandomSeed(Seeds.engine(config.seed(), epoch, b + 1));
                double[] terms = step.run(train, order, from, to, epoch).terms();
                for (int k = 0; k < sums.length; k++) {
                    sums[k] += terms[k];
                }
                double seconds = earlier + (System.nanoTime() - startNanos) / 1e9;
                BatchProgress progress = progress(epoch, b + 1, batches, seconds, to, sums);
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(progress);
                }
                if (stop.requested() && b + 1 < batches) {
                    TrainingState state = new TrainingState(
                            epoch,
                            b + 1,
                            optimizers.stepCount(),
                            sums,
                            to,
                            seconds,
                            history,
                            watch.best,
                            watch.bestEpoch,
                            watch.withoutImprovement);
                    checkpointing.interrupted(state, optimizers);
                    throw new TrainingInterrupted(stop.signal(), state);
                }
            }
        }
        double seconds = earlier + (System.nanoTime() - startNanos) / 1e9;
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        metrics.put("train", means(model.termNames(), sums, n));
        if (data.validation() != null) {
            metrics.put("validation", evaluate(data.validation()));
        }
        metrics.put("test", evaluate(data.test()));
        if (measure != null) {
            metrics.put(measuredSplit, measure.get());
        }
        // G1 grows the Java heap lazily towards a quarter of the RAM, and a long run's resident
        // memory with it; a full collection per epoch (tens of milliseconds) lets it shrink back
        System.gc();
        return new EpochResult(epoch, metrics, seconds, n / seconds, ResidentMemory.megabytes());
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
                means(model.termNames(), sums, images));
    }

    /** {@code train.early_stopping}'s watch of the validation headline, in the headline's direction. */
    private final class EarlyStopping {
        private Double best;
        private int bestEpoch;
        private int withoutImprovement;
        private boolean stop;

        EarlyStopping(Double best, int bestEpoch, int withoutImprovement) {
            this.best = best;
            this.bestEpoch = bestEpoch;
            this.withoutImprovement = withoutImprovement;
        }

        /** @return whether the epoch improved on the best (its model is kept); sets {@link #stop} */
        boolean observe(EpochResult result) {
            if (config.earlyStopping() == null || data.validation() == null) {
                return false;
            }
            Term headline = model.headline().orElseThrow(); // the run refuses early stopping without one
            double watched = result.metrics().get("validation").get(headline.name());
            if (best == null
                    || headline.improves(watched, best, config.earlyStopping().minDelta())) {
                best = watched;
                bestEpoch = result.epoch();
                withoutImprovement = 0;
                return true;
            }
            withoutImprovement++;
            stop = withoutImprovement >= config.earlyStopping().patience();
            return false;
        }
    }

    /**
     * @return the term sums in the order of {@code model.termNames()}, whatever order the loss put them in
     * @throws IllegalStateException if the loss does not report exactly the named terms
     */
    static NDList inNameOrder(TrainableModel model, LossTerms terms) {
        if (!terms.sums().keySet().equals(new HashSet<>(model.termNames()))) {
            throw new IllegalStateException(
                    "the loss reports " + terms.sums().keySet() + " but the model names " + model.termNames());
        }
        NDList ordered = new NDList();
        for (String name : model.termNames()) {
            ordered.add(terms.sums().get(name));
        }
        return ordered;
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
                    float[] values = NDArrays.stack(inNameOrder(model, terms)).toFloatArray();
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
