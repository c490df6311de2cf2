package genmodels.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.density.Densities;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.density.pca.PcaConfig;
import genmodels.engine.Threads;
import genmodels.errors.UserError;
import genmodels.fit.FitDefinition;
import genmodels.fit.Fits;
import genmodels.fit.PointSources;
import genmodels.fit.Points;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code evaluate} on a fit's run directory (any of {@link Fits#ALL}): the {@link Density} its run
 * saved, read back through its family, and scored again on the run's points: mean log-likelihood
 * per sample in nats on the training and test points, and BIC and AIC (Schwarz 1978; Akaike 1974)
 * where the density has a fixed number of parameters. PCA adds its cumulative explained variance
 * ratio.
 */
public final class FitEvaluation {

    /** Rows of the training points the thread choice times the scoring on. */
    static final int TIMING_ROWS = 2048;

    private FitEvaluation() {}

    /** @return whether the run directory holds a fit (its model type is a registered fit's) */
    public static boolean isFit(Path run) {
        return Fits.byModelType(RunDirectory.open(run).modelType()).isPresent();
    }

    /**
     * @param run a fit's run directory
     * @param threads chooses the thread count on the density's scoring before it scores, if not yet chosen
     * @param out where the choice is printed
     * @return figures, and sentences where they do not apply
     */
    public static Map<String, Object> evaluate(Path run, NDManager manager, Threads threads, PrintWriter out) {
        Path configFile = run.resolve("config.yaml");
        String type = ConfigLoader.modelType(configFile);
        FitDefinition<?> fit = Fits.byModelType(type).orElseThrow();
        RunConfig<?> config = fit.loadConfig(configFile, List.of());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", type);
        if (type.equals("pca")) {
            figures.put(
                    "explained_variance_ratio_cumulative",
                    readSummary(run).path("cumulative_explained_variance_ratio").asDouble());
        }
        boolean plainPca = config.model() instanceof PcaConfig pca && !pca.probabilistic();
        Density density = plainPca ? null : saved(run, fit, manager);
        if (density == null) {
            String why = "not applicable: plain PCA is not a density; fit with model.probabilistic: true";
            figures.put("test_mean_log_likelihood", why);
            figures.put("bic", why);
            figures.put("aic", why);
            return figures;
        }
        Points points = PointSources.load(config.data(), config.train().seed(), manager);
        chooseThreads(density, points.train(), manager, threads, out);
        figures.putAll(scores(density, points));
        return figures;
    }

    /** @return the density the run saved */
    private static Density saved(Path run, FitDefinition<?> fit, NDManager manager) {
        DensityFamily family = Densities.byType(fit.densityType()).orElseThrow();
        try {
            return family.loader().load(run, manager);
        } catch (IOException e) {
            throw new UserError(
                    "cannot read the " + family.type() + " density saved in " + run + ": " + e.getMessage(), e);
        }
    }

    /** Mean log-likelihoods; BIC and AIC on the training points where the parameters are counted. */
    private static Map<String, Object> scores(Density density, Points points) {
        Map<String, Object> figures = new LinkedHashMap<>();
        OptionalLong p = density.freeParameters();
        double train = density.score(points.train());
        long n = points.train().getShape().get(0);
        figures.put("train_mean_log_likelihood", train);
        figures.put(
                "test_mean_log_likelihood",
                points.test() == null
                        ? "not applicable: the run has no test points"
                        : (Object) density.score(points.test()));
        if (p.isEmpty()) {
            String why = "not applicable: a kernel density estimate has no fixed number of parameters";
            figures.put("bic", why);
            figures.put("aic", why);
            return figures;
        }
        figures.put("bic", -2 * train * n + p.getAsLong() * Math.log(n));
        figures.put("aic", -2 * train * n + 2.0 * p.getAsLong());
        figures.put("n_parameters", p.getAsLong());
        return figures;
    }

    /** Chooses the thread count on the scoring of up to {@value #TIMING_ROWS} training points. */
    private static void chooseThreads(
            Density density, NDArray train, NDManager manager, Threads threads, PrintWriter out) {
        if (threads.choice() != null) {
            return;
        }
        try (NDManager scope = manager.newSubManager()) {
            long rows = Math.min(TIMING_ROWS, train.getShape().get(0));
            NDArray some = train.get(scope, new NDIndex().addSliceDim(0, rows));
            threads.choose(
                    "scoring of up to 2,048 points",
                    manager.getDevice().isGpu(),
                    () -> {
                        try (NDManager b = scope.newSubManager()) {
                            density.scoreSamples(some).attach(b);
                        }
                    },
                    out);
        }
    }

    private static JsonNode readSummary(Path run) {
        try {
            return Json.mapper().readTree(run.resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new UserError("cannot read " + run.resolve("summary.json") + ": " + e.getMessage(), e);
        }
    }
}
