package genmodels.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigLoader;
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
import genmodels.engine.Threads;
import genmodels.eval.ImportanceWeighted;
import genmodels.models.ModelDefinition;
import genmodels.models.vae.VariationalAutoencoder;
import genmodels.train.ResidentMemory;
import genmodels.train.RunSettings;
import genmodels.train.TrainingLoop;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One performance table on the current device: training speed of each trainable model (through
 * the real training loop, with a per-phase profile), the importance-weighted NLL, EM, PCA and KDE,
 * each row with its own peak resident memory.
 */
public final class BenchmarkSuite {

    /** Rows this suite knows, in order. */
    public static final List<String> ROWS = List.of("vae", "ae", "swae", "classifier", "iwae", "pca", "gmm", "kde",
            "conv_vae");

    private BenchmarkSuite() {}

    /**
     * @param rows which rows to run
     * @param data where MNIST is
     * @param models the trainable models (their built-in configs are benchmarked)
     * @param epochs epochs per training row (the classifier always trains 3, as its target says)
     * @param settings device, threads, output
     * @return row name to its figures
     */
    public static Map<String, Object> run(List<String> rows, DataConfig data, List<ModelDefinition<?>> models,
            int epochs, int profileBatches, RunSettings settings) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        PrintWriter log = settings.out();
        for (String row : rows) {
            ResidentMemory.resetPeak();
            log.println("== " + row);
            log.flush();
            Map<String, Object> figures = switch (row) {
                case "vae", "ae", "swae", "classifier" -> training(definition(models, row), data,
                        row.equals("classifier") ? 3 : epochs, profileBatches, settings, List.of());
                case "conv_vae" -> training(definition(models, "vae"), data, epochs, profileBatches, settings,
                        List.of("model.architecture=conv", "model.channels=[32, 64]", "model.hidden=[]"));
                case "iwae" -> importanceWeighted(data, settings);
                case "pca" -> pca(data, settings);
                case "gmm" -> gmm(data, settings);
                case "kde" -> kde(data, settings);
                default -> throw new IllegalArgumentException(row);
            };
            figures.put("peak_resident_mb", ResidentMemory.peakMegabytes());
            out.put(row, figures);
            log.println("   " + summaryLine(figures));
            log.flush();
        }
        return out;
    }

    private static ModelDefinition<?> definition(List<ModelDefinition<?>> models, String type) {
        return models.stream().filter(d -> d.type().equals(type)).findFirst().orElseThrow();
    }

    /** @param sets {@code --set} overrides of the built-in config (the conv VAE row) */
    private static <M extends ModelConfig> Map<String, Object> training(ModelDefinition<M> definition, DataConfig data,
            int epochs, int profileBatches, RunSettings settings, List<String> sets) throws Exception {
        RunConfig<M> config = withData(definition, data, sets);
        Map<String, Object> figures = TrainingBenchmark.run(config, pixels -> definition.factory().create(config.model(), pixels),
                settings, epochs, profileBatches);
        figures.put("config", sets.isEmpty() ? definition.builtInConfig()
                : definition.builtInConfig() + " with " + String.join(", ", sets));
        return figures;
    }

    private static <M extends ModelConfig> RunConfig<M> withData(ModelDefinition<M> definition, DataConfig data,
            List<String> sets) {
        RunConfig<M> built = ConfigLoader.load(definition.builtInConfig(), null, sets, definition.configType());
        return new RunConfig<>(built.model(), data, built.train(), built.output());
    }

    /** K = 500 over the test images, with a default VAE trained for one epoch (speed does not depend on it). */
    private static Map<String, Object> importanceWeighted(DataConfig data, RunSettings settings) throws Exception {
        RunConfig<genmodels.models.vae.VaeConfig> config = ConfigLoader.load("vae-mnist.yaml", null, List.of(),
                genmodels.models.vae.VaeConfig.class);
        try (NDManager m = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits splits = Datasets.load(data, m);
            Engine.getInstance().setRandomSeed(1);
            VariationalAutoencoder vae = new VariationalAutoencoder(config.model(), Datasets.PIXELS);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, Datasets.PIXELS));
            ParameterStore store = new ParameterStore(m, false);
            TrainConfig oneEpoch = new TrainConfig(1, 128, config.train().optimizer(), 1);
            new TrainingLoop(vae, oneEpoch, splits, m, store, List.of()).run();
            try (NDManager scope = m.newSubManager()) {
                settings.threads().choose("importance-weighted batch", settings.device().isGpu(),
                        ImportanceWeighted.timingKernel(vae, store, splits.test(), 500, scope), settings.out());
            }
            long start = System.nanoTime();
            double nll = ImportanceWeighted.meanNll(vae, store, splits.test(), 500, m, done -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("threads", settings.threadCount());
            f.put("thread_choice", settings.threads().choice().toJson());
            f.put("samples", 500);
            f.put("test_images", splits.test().size());
            f.put("seconds", seconds);
            f.put("nll_after_one_epoch", nll);
            return f;
        }
    }

    private static Map<String, Object> pca(DataConfig data, RunSettings settings) {
        try (NDManager m = NDManager.newBaseManager(settings.device())) {
            NDArray x = Datasets.load(data, m).train().images();
            try (NDManager scope = m.newSubManager()) {
                settings.threads().choose("scatter matrix of 8,192 points", settings.device().isGpu(),
                        Pca.timingKernel(x, scope), settings.out());
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
            NDArray x = Datasets.load(data, m).train().images();
            NDArray features = Pca.fit(x).transform(x, 50);
            GmmOptions options = GmmOptions.defaults(10, CovarianceType.FULL, 1);
            Threads.During during = settings.threads().during("EM iteration", settings.device().isGpu(), settings.out());
            long start = System.nanoTime();
            GaussianMixture g = GaussianMixture.fit(features, options, genmodels.fit.GmmRun.iterationsOf(during));
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

    /** Scott's KDE on the 2-D PCA projection: 10,000 test points scored against 60,000. */
    private static Map<String, Object> kde(DataConfig data, RunSettings settings) {
        try (NDManager m = NDManager.newBaseManager(settings.device())) {
            Datasets.Splits s = Datasets.load(data, m);
            Pca pca = Pca.fit(s.train().images());
            NDArray train = pca.transform(s.train().images(), 2);
            NDArray test = pca.transform(s.test().images(), 2);
            KernelDensity kde = KernelDensity.fit(train, KernelDensity.scott(train.getShape().get(0), 2));
            settings.threads().choose("scoring of 1,000 points", settings.device().isGpu(), kde.timingKernel(train),
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
        for (String key : List.of("threads", "mean_epoch_seconds", "images_per_second", "seconds", "seconds_per_iteration",
                "n_iter", "points_per_second", "peak_resident_mb")) {
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
