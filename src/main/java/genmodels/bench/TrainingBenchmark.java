package genmodels.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.RunConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.engine.Seeds;
import genmodels.models.TrainableModel;
import genmodels.runs.TrainingRun;
import genmodels.train.EpochResult;
import genmodels.train.Optimizers;
import genmodels.train.ResidentMemory;
import genmodels.train.RunSettings;
import genmodels.train.TrainingListener;
import genmodels.train.TrainingLoop;
import genmodels.train.TrainingStep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures training speed on the current device: whole epochs through the real training loop
 * (images per second, seconds per epoch, resident memory after each epoch), then a per-batch
 * profile of the phases of a step (gather, forward, loss, backward, optimizer step), then peak
 * resident memory. On a GPU, phases are separated by reading a scalar back, which adds a sync.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {}

    /**
     * @param config the model's config (data, batch size, optimizer)
     * @param factory builds the model
     * @param settings device and threads
     * @param epochs whole epochs to time
     * @param profileBatches batches to profile phase by phase
     * @return figures, ready to print or write as JSON
     */
    public static Map<String, Object> run(
            RunConfig<?> config, TrainingRun.ModelFactory factory, RunSettings settings, int epochs, int profileBatches)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits data = Datasets.load(config.data(), manager);
            TrainingRun.chooseThreads(factory, config, data, manager, settings);
            Seeds.seedEngine(config.train().seed());
            TrainableModel model = factory.create(data.image());
            model.block()
                    .initialize(
                            manager, DataType.FLOAT32, new Shape(1, data.image().dimensions()));
            ParameterStore store = new ParameterStore(manager, false);

            List<Double> seconds = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            TrainingListener timing = new TrainingListener() {
                @Override
                public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
                    seconds.add(result.trainSeconds());
                    rss.add(ResidentMemory.megabytes());
                    settings.out()
                            .printf(
                                    "epoch %d: %.2f s, %.0f images/s, resident %.0f MB%n",
                                    result.epoch(),
                                    result.trainSeconds(),
                                    result.imagesPerSecond(),
                                    rss.get(rss.size() - 1));
                    settings.out().flush();
                }
            };
            var train = new genmodels.config.TrainConfig(
                    epochs,
                    config.train().batchSize(),
                    config.train().optimizer(),
                    config.train().seed());
            var timed = new Datasets.Splits(
                    data.train(), null, data.test(), data.image(), data.classNames(), data.identity());
            new TrainingLoop(model, train, timed, manager, store, List.of(timing)).run();

            double mean =
                    seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            out.put("image", data.image().describe());
            out.put("device", settings.deviceName());
            out.put("threads", settings.threadCount());
            out.put("thread_choice", settings.threads().choice().toJson());
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

    /**
     * The real {@link TrainingStep} phase by phase (gather, forward and loss, backward, the guard's
     * read, the Adam update), on a fresh optimizer so the timed epochs' state is not touched; on a
     * GPU each phase ends with a synchronisation, which the plain step does not have.
     */
    private static Map<String, Double> profile(
            TrainableModel model,
            ParameterStore store,
            NDManager manager,
            ImageSplit train,
            RunConfig<?> config,
            int batches) {
        Optimizers optimizers = Optimizers.forModel(model, config.train().optimizer(), manager);
        Map<String, Double> ms = new LinkedHashMap<>();
        long[] last = {0};
        boolean[] timing = {false};
        TrainingStep step = new TrainingStep(
                        model, store, optimizers, config.train().gradClip(), manager)
                .withPhases((name, result) -> {
                    if (result != null) {
                        sync(result);
                    }
                    long now = System.nanoTime();
                    if (timing[0]) {
                        ms.merge(name, (now - last[0]) / 1e6, Double::sum);
                    }
                    last[0] = now;
                });
        int size = config.train().batchSize();
        try (NDManager scope = manager.newSubManager()) {
            NDArray order = train.upload(
                    scope, Seeds.permutation(train.size(), config.train().seed(), 1));
            for (int b = 0; b < batches + 5; b++) {
                int from = (b * size) % Math.max(1, train.size() - size);
                timing[0] = b >= 5; // the first batches warm up allocators and caches
                last[0] = System.nanoTime();
                step.run(train, order, from, Math.min(train.size(), from + size), 1);
            }
        }
        Map<String, Double> result = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : ms.entrySet()) {
            result.put(e.getKey(), e.getValue() / batches);
            total += e.getValue() / batches;
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
