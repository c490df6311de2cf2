package genmodels.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import genmodels.config.TrainConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.models.TrainableModel;
import genmodels.models.LossTerms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The one training loop: shuffled mini-batches, forward, backward, Adam step; then an evaluation
 * pass over the validation and test splits; listeners do everything else.
 *
 * <p>Per-batch arrays live in a sub-manager closed after the step, so memory stays flat. Each epoch
 * reseeds the engine and the shuffle from (seed, epoch), so an epoch's randomness does not depend
 * on what ran before it.
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
    private final Adam optimizer;

    /**
     * @param model an initialised model whose parameters live in {@code manager}'s device
     * @param config epochs, batch size, optimizer, seed
     * @param data the splits
     * @param manager long-lived manager (optimizer state)
     * @param store the parameter store the model runs with
     * @param listeners called in order
     */
    public TrainingLoop(TrainableModel model, TrainConfig config, Datasets.Splits data, NDManager manager,
            ParameterStore store, List<TrainingListener> listeners) {
        this.model = model;
        this.config = config;
        this.data = data;
        this.manager = manager;
        this.listeners = List.copyOf(listeners);
        this.store = store;
        this.optimizer = new Adam(config.optimizer(), model.block().getParameters(), manager);
    }

    /**
     * Trains for {@code config.epochs()} epochs.
     *
     * @return one result per epoch
     */
    public List<EpochResult> run() throws Exception {
        ImageSplit train = data.train();
        int n = train.size();
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        for (TrainingListener l : listeners) {
            l.onTrainingStart(config.epochs(), batches);
        }
        List<EpochResult> history = new ArrayList<>();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long epochSeed = mix(config.seed(), epoch);
            Engine.getInstance().setRandomSeed((int) epochSeed);
            int[] order = permutation(n, new SplittableRandom(epochSeed));
            List<String> names = model.termNames();
            double[] sums = new double[names.size()];
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                int from = b * config.batchSize();
                int to = Math.min(n, from + config.batchSize());
                float[] values = trainStep(train, order, from, to);
                for (int k = 0; k < sums.length; k++) {
                    sums[k] += values[k];
                }
                BatchProgress progress = new BatchProgress(
                        epoch, config.epochs(), b + 1, batches, (System.nanoTime() - start) / 1e9, to, sums[0] / to);
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(progress);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
            metrics.put("train", means(names, sums, n));
            if (data.validation() != null) {
                metrics.put("validation", evaluate(data.validation()));
            }
            metrics.put("test", evaluate(data.test()));
            EpochResult result = new EpochResult(epoch, metrics, seconds, n / seconds);
            history.add(result);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(result, history);
            }
        }
        for (TrainingListener l : listeners) {
            l.onTrainingEnd(history);
        }
        return history;
    }

    /** One optimizer step on images {@code order[from, to)}; returns the batch sums of the terms. */
    private float[] trainStep(ImageSplit train, int[] order, int from, int to) {
        try (NDManager batch = manager.newSubManager()) {
            ImageSplit.Batch b = train.gather(batch, order, from, to);
            LossTerms terms;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                terms = model.loss(store, b.images(), b.labels(), true);
                collector.backward(terms.objective());
            }
            optimizer.step();
            return NDArrays.stack(new NDList(terms.sums().values())).toFloatArray();
        }
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
    public static Map<String, Double> evaluate(TrainableModel model, ParameterStore store, ImageSplit split, long seed,
            NDManager manager) {
        List<String> names = model.termNames();
        double[] sums = new double[names.size()];
        int[] order = permutation(split.size(), new SplittableRandom(mix(seed, 0)));
        for (int from = 0; from < split.size(); from += EVAL_BATCH) {
            int to = Math.min(split.size(), from + EVAL_BATCH);
            try (NDManager batch = manager.newSubManager()) {
                ImageSplit.Batch b = split.gather(batch, order, from, to);
                LossTerms terms = model.loss(store, b.images(), b.labels(), false);
                float[] values = NDArrays.stack(new NDList(terms.sums().values())).toFloatArray();
                for (int k = 0; k < sums.length; k++) {
                    sums[k] += values[k];
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

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A non-negative 31-bit seed for (seed, epoch), well mixed (SplitMix64's finaliser). */
    static long mix(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z & 0x7fffffffL;
    }
}
