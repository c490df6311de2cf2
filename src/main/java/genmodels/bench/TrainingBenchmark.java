package genmodels.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import genmodels.config.RunConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.models.LossTerms;
import genmodels.models.TrainableModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures training speed on the current device: whole epochs through the real training loop
 * (images per second, seconds per epoch, resident memory after each epoch), then a per-batch
 * profile of the phases of a step (gather, forward, loss, backward, optimizer step), then peak
 * resident memory. On a GPU, phases are separated by reading a scalar back, which adds a sync.
 */
public final class Benchmark {

    private Benchmark() {}

    /**
     * @param config the model's config (data, batch size, optimizer)
     * @param factory builds the model
     * @param settings device and threads
     * @param epochs whole epochs to time
     * @param profileBatches batches to profile phase by phase
     * @return figures, ready to print or write as JSON
     */
    public static Map<String, Object> run(RunConfig<?> config, TrainingRun.ModelFactory factory, RunSettings settings,
            int epochs, int profileBatches) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits data = Datasets.load(config.data(), manager);
            Engine.getInstance().setRandomSeed(config.train().seed());
            TrainableModel model = factory.create(data.train().pixels());
            model.block().initialize(manager, DataType.FLOAT32, new Shape(1, data.train().pixels()));
            ParameterStore store = new ParameterStore(manager, false);

            List<Double> seconds = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            TrainingListener timing = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
                    seconds.add(result.trainSeconds());
                    rss.add(ResidentMemory.megabytes());
                    settings.out().printf("epoch %d: %.2f s, %.0f images/s, resident %.0f MB%n", result.epoch(),
                            result.trainSeconds(), result.imagesPerSecond(), rss.get(rss.size() - 1));
                    settings.out().flush();
                }
            };
            var train = new genmodels.config.TrainConfig(epochs, config.train().batchSize(), config.train().optimizer(),
                    config.train().seed());
            var timed = new Datasets.Splits(data.train(), null, data.test(), data.identity());
            new TrainingLoop(model, train, timed, manager, store, List.of(timing)).run();

            double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            out.put("device", settings.deviceName());
            out.put("threads", settings.threads());
            out.put("train_images", data.train().size());
            out.put("batch_size", config.train().batchSize());
            out.put("epoch_seconds", seconds);
            out.put("mean_epoch_seconds", mean);
            out.put("images_per_second", data.train().size() / mean);
            out.put("resident_mb_after_epoch", rss);
            out.put("per_batch_ms", profile(model, store, manager, data.train(), config, profileBatches));
            out.put("peak_resident_mb", ResidentMemory.peakMegabytes());
            out.put("peak_java_heap_mb", peakHeapMegabytes());
        }
        return out;
    }

    private static Map<String, Double> profile(TrainableModel model, ParameterStore store, NDManager manager,
            ImageSplit train, RunConfig<?> config, int batches) {
        Adam optimizer = new Adam(config.train().optimizer(), model.block().getParameters(), manager);
        int size = config.train().batchSize();
        int[] order = TrainingLoop.permutation(train.size(), new SplittableRandom(config.train().seed()));
        double[] ms = new double[6];
        String[] names = {"gather", "forward", "loss", "backward", "optimizer_step", "read_metrics"};
        int done = 0;
        for (int b = 0; b < batches + 5; b++) {
            int from = (b * size) % Math.max(1, train.size() - size);
            try (NDManager batch = manager.newSubManager()) {
                long t0 = System.nanoTime();
                ImageSplit.Batch items = train.gather(batch, order, from, Math.min(train.size(), from + size));
                NDArray x = items.images();
                sync(x);
                long t1 = System.nanoTime();
                // forward alone, then forward + loss, in one graph-recording scope each
                try (GradientCollector ignored = Engine.getInstance().newGradientCollector()) {
                    NDList outputs = model.block().forward(store, new NDList(x), true);
                    sync(outputs.get(0));
                }
                long t2 = System.nanoTime();
                long t3;
                long t4;
                LossTerms terms;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    terms = model.loss(store, x, items.labels(), true);
                    sync(terms.objective());
                    t3 = System.nanoTime();
                    collector.backward(terms.objective());
                    t4 = System.nanoTime();
                }
                optimizer.step();
                sync(model.block().getParameters().get(0).getValue().getArray());
                long t5 = System.nanoTime();
                NDArrays.stack(TrainingLoop.inNameOrder(model, terms)).toFloatArray();
                long t6 = System.nanoTime();
                if (b >= 5) { // the first batches warm up allocators and caches
                    double forward = (t2 - t1) / 1e6;
                    ms[0] += (t1 - t0) / 1e6;
                    ms[1] += forward;
                    ms[2] += Math.max(0, (t3 - t2) / 1e6 - forward);
                    ms[3] += (t4 - t3) / 1e6;
                    ms[4] += (t5 - t4) / 1e6;
                    ms[5] += (t6 - t5) / 1e6;
                    done++;
                }
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        double total = 0;
        for (int i = 0; i < names.length; i++) {
            result.put(names[i], ms[i] / done);
            total += ms[i] / done;
        }
        result.put("total", total);
        return result;
    }

    private static void sync(NDArray array) {
        if (array.getDevice().isGpu()) {
            array.get(0).toFloatArray();
        }
    }

    private static double peakHeapMegabytes() {
        long bytes = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / 1048576.0;
    }
}
