package genmodels.eval;

import genmodels.io.AtomicFiles;
import genmodels.io.Json;
import genmodels.models.ModelEvaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code evaluate --compare}'s table: one row per run and sampler; the columns of every model's own
 * evaluations (in the order the runs bring them: a VAE's -ELBO and IW NLL, a diffusion model's
 * bound, the autoencoders' reconstruction error), then sample quality; a last row with the test
 * images' own figures. Written as Markdown, with the rows as JSON beside it.
 */
public final class ComparisonTable {

    /** The sample-quality columns every row has: label and dotted key. */
    static final List<ModelEvaluation.Column> SAMPLE_COLUMNS = List.of(
            new ModelEvaluation.Column("classifier-feature FD", "sample_quality.classifier_feature_frechet_distance"),
            new ModelEvaluation.Column("class entropy (nats)", "sample_quality.class_entropy_nats"),
            new ModelEvaluation.Column("confident share", "sample_quality.confident_share"),
            new ModelEvaluation.Column("sampling s/image", "sample_quality.sampling_seconds_per_image"));

    /** The columns of class-conditional models, in the table when a row has them. */
    static final List<ModelEvaluation.Column> CONDITIONAL_COLUMNS = List.of(
            new ModelEvaluation.Column("class accuracy", "sample_quality.class_conditional.accuracy"),
            new ModelEvaluation.Column(
                    "mean per-class FD", "sample_quality.class_conditional.mean_class_frechet_distance"));

    /** The feature network's Fréchet distance, in the table when a row has it: FID or another network's. */
    static final List<ModelEvaluation.Column> FEATURE_COLUMNS = List.of(
            new ModelEvaluation.Column("FID", "sample_quality." + Evaluation.FEATURE_KEY + ".fid"),
            new ModelEvaluation.Column(
                    "feature-network FD (not FID)",
                    "sample_quality." + Evaluation.FEATURE_KEY + ".feature_frechet_distance"));

    private ComparisonTable() {}

    /**
     * @param results the evaluated runs, in order
     * @param classifier the classifier run the FD used (named under the table), or null
     * @return the Markdown table
     */
    public static String markdown(List<EvaluationSession.Result> results, Path classifier) {
        Set<ModelEvaluation.Column> modelColumns = new LinkedHashSet<>();
        results.forEach(r -> modelColumns.addAll(r.columns()));
        List<ModelEvaluation.Column> columns = columns(results, modelColumns);
        StringBuilder table = new StringBuilder("| run | model | sampler |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (ModelEvaluation.Column c : columns) {
            table.append(' ').append(c.label()).append(" |");
            rule.append("---|");
        }
        table.append('\n').append(rule).append('\n');
        Map<String, String> reference = null;
        for (EvaluationSession.Result result : results) {
            Map<String, Object> row = result.figures();
            Map<String, String> flat = flatten("", row, new LinkedHashMap<>());
            table.append("| ")
                    .append(row.get("checkpoint"))
                    .append(" | ")
                    .append(row.get("model"))
                    .append(" | ")
                    .append(sampler(row.get("sample_quality")))
                    .append(" |");
            for (ModelEvaluation.Column c : columns) {
                String v = flat.get(c.key());
                table.append(' ')
                        .append(v == null || v.startsWith("not ") ? "n/a" : v)
                        .append(" |");
            }
            table.append('\n');
            if (row.get("reference") != null) {
                reference = flatten("", row.get("reference"), new LinkedHashMap<>());
            }
        }
        if (reference != null) {
            table.append("| test images (reference) | | |")
                    .append(" |".repeat(modelColumns.size()))
                    .append(' ')
                    .append(reference.get("floor_train_vs_test_frechet_distance"))
                    .append(" (train vs test, the floor) | ")
                    .append(reference.get("test_images_class_entropy_nats"))
                    .append(" | ")
                    .append(reference.get("test_images_confident_share"))
                    .append(" |")
                    .append(" |".repeat(columns.size() - modelColumns.size() - 3))
                    .append('\n');
        }
        if (classifier != null) {
            table.append("\nFD is a Frechet distance between Gaussians fitted to the penultimate-layer features of this"
                            + " project's small CNN classifier (")
                    .append(classifier)
                    .append("), not Inception FID; ln 10 = 2.3026" + " is the entropy of a uniform class histogram.\n");
        }
        table.append(featureNote(results));
        return table.toString();
    }

    /** @return the model columns, then sample quality, then the conditional and feature columns rows have */
    private static List<ModelEvaluation.Column> columns(
            List<EvaluationSession.Result> results, Set<ModelEvaluation.Column> modelColumns) {
        List<ModelEvaluation.Column> columns = new ArrayList<>(modelColumns);
        columns.addAll(SAMPLE_COLUMNS);
        List<Map<String, String>> flat = results.stream()
                .map(r -> flatten("", r.figures(), new LinkedHashMap<>()))
                .toList();
        if (flat.stream().anyMatch(f -> f.containsKey(CONDITIONAL_COLUMNS.get(0).key()))) {
            columns.addAll(CONDITIONAL_COLUMNS);
        }
        FEATURE_COLUMNS.stream()
                .filter(c -> flat.stream().anyMatch(f -> f.containsKey(c.key())))
                .forEach(columns::add);
        return columns;
    }

    /** @return a line naming the feature network, its sha256 and what the real statistics were */
    private static String featureNote(List<EvaluationSession.Result> results) {
        for (EvaluationSession.Result r : results) {
            Map<String, String> flat = flatten("", r.figures(), new LinkedHashMap<>());
            String prefix = "sample_quality." + Evaluation.FEATURE_KEY + ".";
            if (flat.containsKey(prefix + "network.file")) {
                return "\nThe feature-network column is the Frechet distance on the features of "
                        + flat.get(prefix + "network.file") + " (" + flat.get(prefix + "network.name") + ", sha256 "
                        + flat.get(prefix + "network.sha256") + ") between the samples and "
                        + flat.get(prefix + "sources.b") + "; it is FID only with pytorch-fid's FID Inception.\n";
            }
        }
        return "";
    }

    /** Writes the table to {@code md} and the rows to the .json beside it; returns the json file. */
    public static Path write(List<EvaluationSession.Result> results, Path classifier, Path md) throws IOException {
        AtomicFiles.writeString(md, markdown(results, classifier));
        Path json = md.resolveSibling(md.getFileName().toString().replaceFirst("\\.md$", "") + ".json");
        Json.write(json, results.stream().map(EvaluationSession.Result::figures).toList());
        return json;
    }

    private static String sampler(Object quality) {
        if (quality instanceof Map<?, ?> q) {
            return q.get("sampler") + (q.get("sampling") == null ? "" : " (" + q.get("sampling") + ")");
        }
        String reason = String.valueOf(quality);
        return "n/a: "
                + (reason.contains("no prior") ? "no prior" : reason.length() > 40 ? reason.substring(0, 40) : reason);
    }

    /** Nested maps as dotted keys; numbers formatted, sentences kept. */
    public static Map<String, String> flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (value instanceof Double d) {
            String format = Math.abs(d) >= 1e6 ? "%.6g" : Math.abs(d) >= 1 ? "%.4f" : "%.6f";
            into.put(prefix, String.format(Locale.ROOT, format, d));
        } else if (value instanceof int[] counts) {
            into.put(prefix, Arrays.toString(counts));
        } else if (value != null && value.getClass().isRecord()) { // the provenance
            flatten(prefix, Json.mapper().convertValue(value, Map.class), into);
        } else {
            into.put(prefix, String.valueOf(value));
        }
        return into;
    }
}
