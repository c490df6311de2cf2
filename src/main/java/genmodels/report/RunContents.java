package genmodels.report;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.errors.UserError;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a finished run directory holds, read for the report: {@code summary.json},
 * {@code checkpoint.json} (training runs), {@code eval.json} (after {@code evaluate}), the resolved
 * {@code config.yaml}, {@code metrics.csv} and its pictures, in a fixed reading order.
 *
 * @param root the run directory
 * @param summary summary.json
 * @param checkpoint checkpoint.json, or null (density fits have none)
 * @param evaluation eval.json, or null
 * @param config config.yaml's text, or null
 * @param metricsCsv metrics.csv's rows (the header first), empty when absent
 * @param pictures the PNGs, each with a caption
 */
public record RunContents(
        Path root,
        JsonNode summary,
        JsonNode checkpoint,
        JsonNode evaluation,
        String config,
        List<List<String>> metricsCsv,
        List<Picture> pictures) {

    /** A PNG of the run and what it shows. */
    public record Picture(String caption, Path file) {}

    /** Top-level pictures in reading order, with their captions. */
    private static final String[][] KNOWN = {
        {"curves.png", "learning curves (metrics.csv)"},
        {"history.png", "mean log-likelihood per sample during the fit"},
        {"bic_aic.png", "BIC and AIC against the number of components"},
        {"components.png", "principal components (eigen-images)"},
        {"projection.png", "points on the first two principal components"},
        {"reconstruction_error.png", "reconstruction error against k"},
        {"reconstructions.png", "reconstructions"},
        {"samples.png", "samples"},
        {"manifold.png", "decoder outputs over the latent space"},
        {"interpolation.png", "interpolation between two test codes"},
    };

    /** Per-epoch picture folders: the newest epoch's picture is shown. */
    private static final String[][] PER_EPOCH = {
        {"samples", "samples from the prior"},
        {"reconstructions", "test images (odd rows) and their reconstructions"},
        {"latent", "test codes by class"},
    };

    /**
     * @param root a run directory written by a train-*, fit-* or pca command
     * @throws UserError when it holds no summary.json
     */
    public static RunContents read(Path root) throws IOException {
        RunDirectory run = RunDirectory.openFinished(root);
        JsonNode summary = Json.mapper().readTree(run.summary().toFile());
        JsonNode checkpoint = readJson(root.resolve("checkpoint.json"));
        JsonNode evaluation = readJson(root.resolve("eval.json"));
        String config = Files.readString(run.config());
        List<List<String>> metrics = new ArrayList<>();
        Path csv = root.resolve("metrics.csv");
        if (Files.isRegularFile(csv)) {
            for (String line : Files.readAllLines(csv)) {
                if (!line.isBlank()) {
                    metrics.add(List.of(line.split(",", -1)));
                }
            }
        }
        return new RunContents(root, summary, checkpoint, evaluation, config, metrics, pictures(root));
    }

    private static JsonNode readJson(Path file) throws IOException {
        return Files.isRegularFile(file) ? Json.mapper().readTree(file.toFile()) : null;
    }

    private static List<Picture> pictures(Path root) throws IOException {
        List<Picture> out = new ArrayList<>();
        Set<String> shown = new LinkedHashSet<>();
        for (String[] known : KNOWN) {
            Path file = root.resolve(known[0]);
            if (Files.isRegularFile(file)) {
                out.add(new Picture(known[1], file));
                shown.add(known[0]);
            }
        }
        for (String[] folder : PER_EPOCH) {
            newest(root.resolve(folder[0]))
                    .ifPresent(file -> out.add(new Picture(
                            folder[1] + ", " + file.getFileName().toString().replace(".png", ""), file)));
        }
        try (Stream<Path> files = Files.list(root)) {
            files.filter(f -> f.getFileName().toString().endsWith(".png")
                            && !shown.contains(f.getFileName().toString()))
                    .sorted()
                    .forEach(f -> out.add(new Picture(f.getFileName().toString().replace(".png", ""), f)));
        }
        return out;
    }

    private static Optional<Path> newest(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png"))
                    .max(Comparator.comparing(f -> f.getFileName().toString()));
        }
    }

    /** @return the run's name: its folder's */
    public String name() {
        return root.getFileName().toString();
    }

    /**
     * @param field a field of the provenance ({@code command}, {@code model_type}, {@code device},
     *     {@code threads}, {@code versions}, {@code data}, {@code thread_choice})
     * @return it from summary.json's provenance, then checkpoint.json's; from their top level in runs
     *     written before the provenance record; or a missing node
     */
    public JsonNode provenance(String field) {
        for (JsonNode file : new JsonNode[] {summary, checkpoint}) {
            if (file != null && file.path("provenance").hasNonNull(field)) {
                return file.path("provenance").get(field);
            }
        }
        String legacy = field.equals("model_type") ? "model" : field.equals("data") ? "data_identity" : field;
        for (JsonNode file : new JsonNode[] {summary, checkpoint}) {
            if (file != null && file.hasNonNull(legacy)) {
                return file.get(legacy);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** @return a text field of the provenance, or "" */
    public String text(String field) {
        JsonNode node = provenance(field);
        return node.isMissingNode() ? "" : node.asText();
    }
}
