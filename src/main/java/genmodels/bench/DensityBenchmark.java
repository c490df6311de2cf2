package genmodels.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.config.ConfigLoader;
import genmodels.config.DataConfig;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.density.Densities;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.fit.DensityFitRun;
import genmodels.fit.PointSources;
import genmodels.fit.Points;
import genmodels.train.RunSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One bench row per density family with a generic fit ({@link DensityFamily#command}): its shipped
 * config's fit on MNIST (the config's PCA features), timed, then its scoring of the test points.
 */
final class DensityBenchmark {

    private DensityBenchmark() {}

    /** @return the rows' names: the families' types (gaussian, histogram, tmm, ...) */
    static List<String> rows() {
        return Densities.ALL.stream()
                .filter(f -> f.command() != null)
                .map(DensityFamily::type)
                .toList();
    }

    /**
     * @param type a family's type, one of {@link #rows}
     * @param data where MNIST is (its {@code dir} replaces the shipped config's)
     * @return fit seconds, scoring seconds and points per second, the test mean log-likelihood
     */
    static Map<String, Object> run(String type, DataConfig data, RunSettings settings) {
        DensityFamily family = Densities.byType(type).orElseThrow();
        return run(family.command(), data, settings);
    }

    private static <M extends ModelConfig> Map<String, Object> run(
            DensityFamily.Command<M> command, DataConfig data, RunSettings settings) {
        List<String> sets = data.dir() == null ? List.of() : List.of("data.dir=" + data.dir());
        RunConfig<M> config = ConfigLoader.load(command.builtInConfig(), null, sets, command.configType());
        try (NDManager m = NDManager.newBaseManager(settings.device())) {
            Points points = PointSources.load(config.data(), config.train().seed(), m);
            settings.threads()
                    .choose(
                            "a fit of up to 2,048 points",
                            settings.device().isGpu(),
                            DensityFitRun.fitKernel(
                                    command.fitter(),
                                    config.model(),
                                    points.train(),
                                    config.train().seed(),
                                    m),
                            settings.out());
            long start = System.nanoTime();
            Density density = command.fitter()
                    .fit(
                            config.model(),
                            points.train(),
                            new Random(config.train().seed()));
            double fitSeconds = (System.nanoTime() - start) / 1e9;
            NDArray test = points.test();
            start = System.nanoTime();
            double score = density.score(test);
            double scoreSeconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("threads", settings.threadCount());
            f.put("thread_choice", settings.threads().choice().toJson());
            f.put("config", command.builtInConfig());
            f.put("training_points", points.train().getShape().get(0));
            f.put("dimension", points.dimension());
            f.put("fit_seconds", fitSeconds);
            f.put("seconds", fitSeconds);
            f.put("scoring_points_per_second", test.getShape().get(0) / scoreSeconds);
            f.put("test_mean_log_likelihood", score);
            return f;
        }
    }
}
