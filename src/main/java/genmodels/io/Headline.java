package genmodels.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A run's headline figure: the one figure a sweep ranks its runs by and the report puts first. A
 * finished run's {@code summary.json} names it under {@code headline} ({@code figure}: a dotted key
 * such as {@code validation.neg_elbo}; {@code higher_is_better}), as the model (training) or the
 * fit declared it; {@code figure} is null, with {@code not_ranked} saying why, for a run that
 * measured nothing it can be ranked by (a GAN without a classifier).
 *
 * <p>Only a figure measured on held-out training data ranks: the {@code validation} split, or
 * {@code samples} (figures of generated images against the validation images). A headline on the
 * {@code test} split is reported, never used to choose, so that the test figure of the chosen run
 * stays an unbiased estimate.
 *
 * @param split where the figure was measured: {@code validation}, {@code samples}, {@code test},
 *     {@code train}, or "" for a figure without a split (a fit's explained variance)
 * @param name the figure's name within its split, e.g. {@code neg_elbo}
 * @param value its value
 * @param higherIsBetter whether larger values are better
 * @param test the test split's figure of the same name, or null when there is none
 */
public record Headline(String split, String name, double value, boolean higherIsBetter, Double test) {

    /** The splits whose figures may choose between runs. */
    public static final Set<String> RANKING_SPLITS = Set.of("validation", "samples");

    private static final Set<String> SPLITS = Set.of("train", "validation", "test", "samples");

    /**
     * @param figure the dotted key of the figure in summary.json, e.g. {@code validation.neg_elbo}
     * @return the {@code headline} entry a summary.json holds
     */
    public static Map<String, Object> entry(String figure, boolean higherIsBetter) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("figure", figure);
        h.put("higher_is_better", higherIsBetter);
        return h;
    }

    /**
     * @param why why the run has no figure to rank by, and how to get one
     * @return the {@code headline} entry of a run that is not ranked
     */
    public static Map<String, Object> none(String why) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("figure", null);
        h.put("not_ranked", why);
        return h;
    }

    /** @return the dotted key, e.g. {@code validation.neg_elbo} */
    public String key() {
        return split.isEmpty() ? name : split + "." + name;
    }

    /** @return whether this figure may choose between runs (a validation or samples figure) */
    public boolean ranks() {
        return RANKING_SPLITS.contains(split);
    }

    /**
     * @return the headline of a finished run, or null when its summary.json has none (or names
     *     none). A summary written before summaries named their headline gives its first numeric
     *     test figure, larger being better for log-likelihoods and accuracies.
     */
    public static Headline of(Path runDir) throws IOException {
        JsonNode summary = summary(runDir);
        return summary == null ? null : of(summary);
    }

    /** @return summary.json of a run, or null when it has none */
    public static JsonNode summary(Path runDir) throws IOException {
        Path file = runDir.resolve("summary.json");
        return Files.isRegularFile(file) ? Json.mapper().readTree(file.toFile()) : null;
    }

    /** @return the headline a summary.json names, as {@link #of(Path)} */
    public static Headline of(JsonNode summary) {
        JsonNode named = summary.path("headline");
        if (named.has("figure")) {
            if (!named.path("figure").isTextual()) {
                return null;
            }
            String figure = named.path("figure").asText();
            JsonNode value = summary;
            for (String part : figure.split("\\.")) {
                value = value.path(part);
            }
            if (!value.isNumber()) {
                return null;
            }
            int dot = figure.indexOf('.');
            String split = dot > 0 && SPLITS.contains(figure.substring(0, dot)) ? figure.substring(0, dot) : "";
            String name = split.isEmpty() ? figure : figure.substring(dot + 1);
            JsonNode test = summary.path("test").path(name);
            return new Headline(
                    split,
                    name,
                    value.asDouble(),
                    named.path("higher_is_better").asBoolean(),
                    test.isNumber() ? test.asDouble() : null);
        }
        Map<String, Double> figures = splitFigures(summary, "test");
        if (figures.isEmpty()) {
            return null;
        }
        Map.Entry<String, Double> first = figures.entrySet().iterator().next();
        boolean higher =
                first.getKey().contains("log_likelihood") || first.getKey().contains("accuracy");
        return new Headline("test", first.getKey(), first.getValue(), higher, first.getValue());
    }

    /** @return why a finished run is not ranked: its summary's {@code not_ranked}, or null */
    public static String notRanked(JsonNode summary) {
        JsonNode why = summary.path("headline").path("not_ranked");
        return why.isTextual() ? why.asText() : null;
    }

    /**
     * @param split {@code train}, {@code validation}, {@code test} or {@code samples}
     * @return the numeric figures of that split in a summary.json, in its order (empty when there is none)
     */
    public static Map<String, Double> splitFigures(JsonNode summary, String split) {
        Map<String, Double> figures = new LinkedHashMap<>();
        summary.path(split).fields().forEachRemaining(f -> {
            if (f.getValue().isNumber()) {
                figures.put(f.getKey(), f.getValue().asDouble());
            }
        });
        return figures;
    }

    /** @return whether {@code better} beats {@code than} in this headline's direction */
    public boolean better(double better, double than) {
        return higherIsBetter ? better > than : better < than;
    }
}
