package genmodels.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmConfig;
import genmodels.density.kde.KdeConfig;
import genmodels.density.kde.KernelDensity;
import genmodels.density.pca.PcaConfig;
import genmodels.engine.Threads;
import genmodels.errors.UserError;
import genmodels.fit.PointSources;
import genmodels.fit.Points;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluate} on a run of {@code fit-gmm}, {@code fit-kde} or {@code pca}: the fitted density
 * reloaded (gmm.json; for a KDE, its training points and bandwidth factor) and scored again on the
 * run's points: mean log-likelihood per sample, and BIC and AIC where they apply.
 */
public final class FitEvaluation {

    private FitEvaluation() {}

    /** @return whether the run directory holds a density fit (gmm, kde or pca) */
    public static boolean isFit(Path run) {
        String type = RunDirectory.open(run).modelType();
        return type.equals("gmm") || type.equals("kde") || type.equals("pca");
    }

    /**
     * @param run a fit-gmm, fit-kde or pca run directory
     * @param threads chooses the thread count on the fit's scoring before it scores, if not yet chosen
     * @param out where the choice is printed
     * @return figures, and sentences where they do not apply
     */
    public static Map<String, Object> evaluate(Path run, NDManager manager, Threads threads, PrintWriter out) {
        Path configFile = run.resolve("config.yaml");
        String type = ConfigLoader.modelType(configFile);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("model", type);
        switch (type) {
            case "gmm" -> mixture(run, configFile, manager, threads, out, figures);
            case "kde" -> kernelDensity(run, configFile, manager, threads, out, figures);
            default -> pca(run, configFile, figures);
        }
        return figures;
    }

    /** gmm.json reloaded and scored again: log-likelihoods, BIC, AIC. */
    private static void mixture(
            Path run,
            Path configFile,
            NDManager manager,
            Threads threads,
            PrintWriter out,
            Map<String, Object> figures) {
        RunConfig<GmmConfig> config = ConfigLoader.load("gmm-mnist-pca50.yaml", configFile, List.of(), GmmConfig.class);
        Points points = PointSources.load(config.data(), config.train().seed(), manager);
        GaussianMixture gmm = loadMixture(run.resolve("gmm.json"));
        if (threads.choice() == null) {
            try (NDManager scope = manager.newSubManager()) {
                long rows = Math.min(8192, points.train().getShape().get(0));
                NDArray some = points.train().get(scope, new NDIndex().addSliceDim(0, rows));
                threads.choose(
                        "scoring of up to 8,192 points",
                        manager.getDevice().isGpu(),
                        () -> {
                            try (NDManager b = scope.newSubManager()) {
                                gmm.scoreSamples(some).attach(b);
                            }
                        },
                        out);
            }
        }
        double train = gmm.score(points.train());
        long n = points.train().getShape().get(0);
        figures.put("train_mean_log_likelihood", train);
        figures.put(
                "test_mean_log_likelihood",
                points.test() == null
                        ? "not applicable: the run has no test points"
                        : (Object) gmm.score(points.test()));
        figures.put("bic", gmm.bic(train, n));
        figures.put("aic", gmm.aic(train, n));
        figures.put("n_parameters", gmm.parameterCount());
    }

    /** The KDE refitted with the recorded bandwidth factor and scored again. */
    private static void kernelDensity(
            Path run,
            Path configFile,
            NDManager manager,
            Threads threads,
            PrintWriter out,
            Map<String, Object> figures) {
        RunConfig<KdeConfig> config = ConfigLoader.load("kde-mnist-pca2.yaml", configFile, List.of(), KdeConfig.class);
        Points points = PointSources.load(config.data(), config.train().seed(), manager);
        double factor = readSummary(run).path("bandwidth_factor").asDouble(Double.NaN);
        if (!(factor > 0)) {
            throw new UserError(
                    run.resolve("summary.json") + " has no bandwidth_factor; was the fit-kde run complete?");
        }
        KernelDensity kde = KernelDensity.fit(points.train(), factor);
        if (threads.choice() == null) {
            threads.choose(
                    "scoring of up to 1,000 points",
                    manager.getDevice().isGpu(),
                    kde.timingKernel(points.train()),
                    out);
        }
        figures.put(
                "test_mean_log_likelihood",
                points.test() == null
                        ? "not applicable: the run has no test points"
                        : (Object) kde.score(points.test()));
        figures.put("bic", "not applicable: a kernel density estimate has no fixed number of parameters");
        figures.put("aic", "not applicable: a kernel density estimate has no fixed number of parameters");
    }

    /** PCA's recorded figures: cumulative explained variance, and probabilistic PCA's log-likelihood. */
    private static void pca(Path run, Path configFile, Map<String, Object> figures) {
        ConfigLoader.load("pca-mnist.yaml", configFile, List.of(), PcaConfig.class);
        JsonNode summary = readSummary(run);
        figures.put(
                "explained_variance_ratio_cumulative",
                summary.path("cumulative_explained_variance_ratio").asDouble());
        JsonNode ll = summary.path("test").path("mean_log_likelihood");
        figures.put(
                "test_mean_log_likelihood",
                ll.isNumber()
                        ? (Object) ll.asDouble()
                        : "not applicable: plain PCA is not a density; fit with model.probabilistic: true");
        figures.put("bic", "not computed for PCA");
        figures.put("aic", "not computed for PCA");
    }

    private static JsonNode readSummary(Path run) {
        try {
            return Json.mapper().readTree(run.resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new UserError("cannot read " + run.resolve("summary.json") + ": " + e.getMessage(), e);
        }
    }

    /** Reads the parameters fit-gmm wrote. */
    static GaussianMixture loadMixture(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + " is missing; was the fit-gmm run complete?");
        }
        try {
            JsonNode json = Json.mapper().readTree(file.toFile());
            CovarianceType type =
                    CovarianceType.fromConfig(json.path("covariance_type").asText());
            int k = json.path("n_components").asInt();
            int d = json.path("dimension").asInt();
            return GaussianMixture.fromParameters(
                    type,
                    k,
                    d,
                    flatten(json.path("weights")),
                    flatten(json.path("means")),
                    flatten(json.path("covariances")));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(file + " is not a readable fit-gmm parameter file: " + e.getMessage(), e);
        }
    }

    private static double[] flatten(JsonNode node) {
        java.util.List<Double> values = new java.util.ArrayList<>();
        collect(node, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode node, java.util.List<Double> values) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, values));
        } else {
            values.add(node.asDouble());
        }
    }
}
