package genmodels.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's headline figure: the one figure a sweep ranks its runs by and the report puts first. A
 * finished run's {@code summary.json} names it under {@code headline} ({@code figure}: a dotted key
 * such as {@code test.neg_elbo}; {@code higher_is_better}), as the model (training) or the fit
 * declared it.
 *
 * @param key the figure's name: the test figure's name for a test figure (e.g. {@code neg_elbo}),
 *     else its dotted key
 * @param value its value
 * @param higherIsBetter whether larger values are better
 */
public record Headline(String key, double value, boolean higherIsBetter) {

    /**
     * @param figure the dotted key of the figure in summary.json, e.g. {@code test.neg_elbo}
     * @return the {@code headline} entry a summary.json holds
     */
    public static Map<String, Object> entry(String figure, boolean higherIsBetter) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("figure", figure);
        h.put("higher_is_better", higherIsBetter);
        return h;
    }

    /**
     * @return the headline of a finished run, or null when its summary.json has none. A summary
     *     written before summaries named their headline gives its first numeric test figure, larger
     *     being better for log-likelihoods and accuracies.
     */
    public static Headline of(Path runDir) throws IOException {
        Path file = runDir.resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode summary = Json.mapper().readTree(file.toFile());
        JsonNode named = summary.path("headline");
        if (named.has("figure")) {
            String figure = named.path("figure").asText();
            JsonNode value = summary;
            for (String part : figure.split("\\.")) {
                value = value.path(part);
            }
            if (!value.isNumber()) {
                return null;
            }
            String key = figure.startsWith("test.") ? figure.substring("test.".length()) : figure;
            return new Headline(
                    key, value.asDouble(), named.path("higher_is_better").asBoolean());
        }
        Map<String, Double> figures = testFigures(runDir);
        if (figures.isEmpty()) {
            return null;
        }
        Map.Entry<String, Double> first = figures.entrySet().iterator().next();
        boolean higher =
                first.getKey().contains("log_likelihood") || first.getKey().contains("accuracy");
        return new Headline(first.getKey(), first.getValue(), higher);
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

    /** @return whether {@code better} beats {@code than} in this headline's direction */
    public boolean better(double better, double than) {
        return higherIsBetter ? better > than : better < than;
    }
}
