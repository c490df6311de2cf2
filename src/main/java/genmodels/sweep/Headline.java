package genmodels.sweep;

import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's headline figure: the first test figure its summary.json reports (test -ELBO for a VAE,
 * reconstruction for the autoencoders, accuracy for the classifier, mean log-likelihood for the
 * density fits).
 *
 * @param key the figure's name
 * @param value its value
 */
public record Headline(String key, double value) {

    /** @return the headline of a finished run, or null when its summary.json has no test figure */
    public static Headline of(Path runDir) throws IOException {
        Map<String, Double> figures = testFigures(runDir);
        if (figures.isEmpty()) {
            return null;
        }
        Map.Entry<String, Double> first = figures.entrySet().iterator().next();
        return new Headline(first.getKey(), first.getValue());
    }

    /** @return the numeric test figures of a run's summary.json, in its order (empty when there is none) */
    public static Map<String, Double> testFigures(Path runDir) throws IOException {
        Map<String, Double> figures = new LinkedHashMap<>();
        Path summary = runDir.resolve("summary.json");
        if (Files.isRegularFile(summary)) {
            Json.mapper().readTree(summary.toFile()).path("test").fields().forEachRemaining(f -> {
                if (f.getValue().isNumber()) {
                    figures.put(f.getKey(), f.getValue().asDouble());
                }
            });
        }
        return figures;
    }

    /** @return whether larger values of this figure are better (likelihoods, accuracy) */
    public static boolean higherIsBetter(String key) {
        return key.contains("log_likelihood") || key.contains("accuracy");
    }
}
