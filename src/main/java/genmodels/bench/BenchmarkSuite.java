package genmodels.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.DataConfig;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.config.TrainConfig;
import genmodels.data.Datasets;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmOptions;
import genmodels.density.kde.KernelDensity;
import genmodels.density.pca.Pca;
import genmodels.engine.Seeds;
import genmodels.engine.Threads;
import genmodels.eval.Evaluation;
import genmodels.models.ModelDefinition;
import genmodels.models.ModelEvaluation;
import genmodels.models.Models;
import genmodels.models.TrainableModel;
import genmodels.train.ResidentMemory;
import genmodels.train.RunSettings;
import genmodels.train.TrainingLoop;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One performance table on the current device: the training speed of each model's bench rows (its
 * {@link ModelDefinition.BenchRow}s, through the real training loop, with a per-phase profile), the
 * evaluations a model's rows name (the importance-weighted NLL), EM, PCA and KDE, each row with its
 * own peak resident memory.
 */
public final class BenchmarkSuite {

    /** The density rows, after the models' rows. */
    static final List<String> DENSITY_ROWS = List.of("pca", "gmm", "kde");

    /** The data row (not run by default): two loads of the data section in a row. */
    static final String LOAD_ROW = "load";

    private BenchmarkSuite() {}

    /**
     * @param all every row, or only those run by default
     * @return the rows in order: each registered model's rows, then the density rows
     */
    public static List<String> rows(boolean all) {
        List<String> rows = new ArrayList<>();
        for (ModelDefinition<?> d : Models.ALL) {
            d.benchRows().stream().filter(r -> all || r.byDefault()).forEach(r -> rows.add(r.name()));
        }
        rows.addAll(DENSITY_ROWS);
        if (all) {
            rows.addAll(DensityBenchmark.rows());
            rows.add(LOAD_ROW);
        }
        return rows;
    }

    /**
     * @param rows which rows to run
     * @param data where MNIST is
     * @param epochs epochs per training row whose bench row does not fix them
     * @param settings device, threads, output
     * @return row name to its figures
     */
    public static Map<String, Object> run(
            List<String> rows, DataConfig data, int epochs, int profileBatches, RunSettings settings) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        PrintWriter log = settings.out();
        for (String row : rows) {
            ResidentMemory.resetPeak();
            log.println("== " + row);
            log.flush();
            Map<String, Object> figures = switch (row) {
                case "pca" -> pca(data, settings);
                case "gmm" -> gmm(data, settings);
                case "kde" -> kde(data, settings);
                case LOAD_ROW -> load(data, settings);
                default ->
                    DensityBenchmark.rows().contains(row)
                            ? DensityBenchmark.run(row, data, settings)
                            : modelRow(row, data, epochs, profileBatches, settings);
            };
            figures.put("peak_resident_mb", ResidentMemory.peakMegabytes());
            out.put(row, figures);
            log.println("   " + summaryLine(figures));
            log.flush();
        }
        return out;
    }

    private static Map<String, Object> modelRow(
            String row, DataConfig data, int epochs, int profileBatches, RunSettings settings) throws Exception {
        for (ModelDefinition<?> d : Models.ALL) {
            for (ModelDefinition.BenchRow r : d.benchRows()) {
                if (r.name().equals(row)) {
                    return r.evaluation() == null
                            ? training(d, r, data, r.epochs() > 0 ? r.epochs() : epochs, profileBatches, settings)
                            : evaluation(d, r, data, settings);
                }
            }
        }
        throw new IllegalArgumentException("no bench row " + row);
    }

    private static <M extends ModelConfig> Map<String, Object> training(
            ModelDefinition<M> definition,
            ModelDefinition.BenchRow row,
            DataConfig data,
            int epochs,
            int profileBatches,
            RunSettings settings)
            throws Exception {
        RunConfig<M> config = withData(definition, data, row.sets());
        Map<String, Object> figures = TrainingBenchmark.run(
                config, image -> definition.create(config, image), settings, epochs, profileBatches);
        figures.put(
                "config",
                row.sets().isEmpty()
                        ? definition.builtInConfig()
                        : definition.builtInConfig() + " with " + String.join(", ", row.sets()));
        return figures;
    }

    private static <M extends ModelConfig> RunConfig<M> withData(
            ModelDefinition<M> definition, DataConfig data, List<String> sets) {
        RunConfig<M> built = definition.loadConfig(null, sets);
        return new RunConfig<>(built.model(), data, built.train(), built.output());
    }

    /**
     * The row's evaluation (K = 500 for the importance-weighted NLL) over the test images, with the
     * model trained for {@code row.epochs()} epochs first (speed does not depend on how well).
     */
    private static <M extends ModelConfig> Map<String, Object> evaluation(
            ModelDefinition<M> definition, ModelDefinition.BenchRow row, DataConfig data, RunSettings settings)
            throws Exception {
        RunConfig<M> config = withData(definition, data, row.sets());
        try (NDManager m = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits splits = Datasets.load(data, m);
            Seeds.seedEngine(config.train().seed());
            TrainableModel model = definition.create(config, splits.image());
            model.block()
                    .initialize(m, DataType.FLOAT32, new Shape(1, splits.image().dimensions()));
            ParameterStore store = new ParameterStore(m, false);
            TrainConfig train = new TrainConfig(
                    Math.max(1, row.epochs()),
                    config.train().batchSize(),
                    config.train().optimizer(),
                    config.train().seed());
            new TrainingLoop(model, train, splits, m, store, List.of()).run();
            ModelEvaluation evaluation = model.evaluations().stream()
                    .filter(e -> e.name().equals(row.evaluation()))
                    .findFirst()
                    .orElseThrow();
            ModelEvaluation.Input input = new ModelEvaluation.Input(
                    store,
                    Evaluation.images(splits.test()),
                    Map.of(),
                    data,
                    new ModelEvaluation.Settings(IMPORTANCE_SAMPLES, 1),
                    m,
                    ModelEvaluation.ProgressFactory.NONE);
            try (NDManager scope = m.newSubManager()) {
                settings.threads()
                        .choose(
                                row.evaluation() + " batch",
                                settings.device().isGpu(),
                                evaluation.timingKernel(input, scope).orElse(() -> {}),
                                settings.out());
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("threads", settings.threadCount());
            f.put("thread_choice", settings.threads().choice().toJson());
            f.put("samples", IMPORTANCE_SAMPLES);
            f.put("test_images", splits.test().size());
            long start = System.nanoTime();
            f.put(row.evaluation(), evaluation.evaluate(input));
            f.put("seconds", (System.nanoTime() - start) / 1e9);
            return f;
        }
    }

    /** K of the importance-weighted bound in the bench's evaluation rows. */
    static final int IMPORTANCE_SAMPLES = 500;

    private static Map<String, Object> pca(DataConfig data, RunSettings settings) {
        try (NDManager m = NDManager.newBaseManager(settings.device())) {
            NDArray x = Datasets.load(data, m).train().images(m);
            try (NDManager scope = m.newSubManager()) {
                settings.threads()
                        .choose(
                                "scatter matrix of 8,192 points",
                                settings.device().isGpu(),
                                Pca.timingKernel(x, scope),
                                settings.out());
            }
            Pca.fit(x); // warm-up: JIT and the engine's first float64 matmul
            long start = System.nanoTime();
            Pca.fit(x);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("threads", settings.threadCount());
            f.put("thread_choice", settings.threads().choice().toJson());
            f.put("points", x.getShape().get(0));
            f.put("dimension", x.getShape().get(1));
            f.put("seconds", (System.nanoTime() - start) / 1e9);
            return f;
        }
    }

    /** EM, K = 10, full covariance, on the first 50 principal components of the training images. */
    private static Map<String, Object> gmm(DataConfig data, RunSettings settings) {
        try (NDManager m = NDManager.newBaseManager(settings.device())) {
            NDArray x = Datasets.load(data, m).train().images(m);
            NDArray features = Pca.fit(x).transform(x, 50);
            GmmOptions options = GmmOptions.defaults(10, CovarianceType.FULL, 1);
            Threads.During during =
                    settings.threads().during("EM iteration", settings.device().isGpu(), settings.out());
            long start = System.nanoTime();
            GaussianMixture g = GaussianMixture.fit(features, options, genmodels.density.gmm.EmHooks.of(during));
            during.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("threads", settings.threadCount());
            f.put("thread_choice", settings.threads().choice().toJson());
            f.put("points", features.getShape().get(0));
            f.put("dimension", 50);
            f.put("seconds", seconds);
            f.put("n_iter", g.nIter());
            f.put("em_seconds", g.iterationSeconds());
            f.put("seconds_per_iteration", g.iterationSeconds() / g.nIter());
            f.put("converged", g.converged());
            return f;
        }
    }

    /**
     * The data section loaded twice: a folder's first load decodes it when the cache holds no copy
     * (run with an empty {@code GENMODELS_CACHE_DIR} to time the decode), the second reads the cache.
     */
    private static Map<String, Object> load(DataConfig data, RunSettings settings) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (String load : List.of("first", "second")) {
            try (NDManager m = NDManager.newBaseManager(settings.device())) {
                long start = System.nanoTime();
                Datasets.Splits s = Datasets.load(data, m);
                f.put(load + "_load_seconds", (System.nanoTime() - start) / 1e9);
                f.put("images", s.train().size() + s.test().size());
                f.put("image", s.image().describe());
            }
        }
        f.put("seconds", f.get("second_load_seconds"));
        return f;
    }

    /** Scott's KDE on the 2-D PCA projection: 10,000 test points scored against 60,000. */
    private static Map<String, Object> kde(DataConfig data, RunSettings settings) {
        try (NDManager m = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits s = Datasets.load(data, m);
            Pca pca = Pca.fit(s.train().images(m));
            NDArray train = pca.transform(s.train().images(m), 2);
            NDArray test = pca.transform(s.test().images(m), 2);
            KernelDensity kde = KernelDensity.fit(
                    train, KernelDensity.scott(train.getShape().get(0), 2));
            settings.threads()
                    .choose(
                            "scoring of 1,000 points",
                            settings.device().isGpu(),
                            kde.timingKernel(train),
                            settings.out());
            long start = System.nanoTime();
            double score = kde.score(test);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("threads", settings.threadCount());
            f.put("thread_choice", settings.threads().choice().toJson());
            f.put("query_points", test.getShape().get(0));
            f.put("training_points", train.getShape().get(0));
            f.put("seconds", seconds);
            f.put("points_per_second", test.getShape().get(0) / seconds);
            f.put("mean_log_density", score);
            return f;
        }
    }

    private static String summaryLine(Map<String, Object> f) {
        StringBuilder sb = new StringBuilder();
        for (String key : List.of(
                "threads",
                "mean_epoch_seconds",
                "images_per_second",
                "seconds",
                "first_load_seconds",
                "second_load_seconds",
                "seconds_per_iteration",
                "n_iter",
                "points_per_second",
                "peak_resident_mb")) {
            Object v = f.get(key);
            if (v instanceof Number n) {
                sb.append(String.format(Locale.ROOT, "%s %.3f  ", key, n.doubleValue()));
            }
        }
        Object phases = f.get("per_batch_ms");
        if (phases instanceof Map<?, ?> p) {
            sb.append("per batch ms:");
            p.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.3f", k, ((Number) v).doubleValue())));
        }
        return sb.toString();
    }
}
