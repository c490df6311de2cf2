package genmodels.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.config.DataConfig;
import genmodels.data.Datasets;
import genmodels.errors.UserError;
import genmodels.eval.Evaluation;
import genmodels.eval.FitEvaluation;
import genmodels.eval.ImportanceWeighted;
import genmodels.io.AtomicFiles;
import genmodels.io.Json;
import genmodels.io.Progress;
import genmodels.models.classifier.ConvClassifier;
import genmodels.models.vae.VariationalAutoencoder;
import genmodels.report.ReportPage;
import genmodels.runs.TrainedModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels evaluate}: quality figures of a trained model or fit, or a table over several. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Test -ELBO and importance-weighted NLL (VAE), reconstruction error (autoencoders), sample"
                + " quality of a sampler (a classifier-feature Frechet distance, NOT Inception FID; class entropy;"
                + " confident share), or log-likelihood, BIC and AIC of a fit; --compare makes one table.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", paramLabel = "RUN", description = "A run directory (train-*, fit-gmm, fit-kde, pca).")
    Path checkpoint;

    @Option(names = "--compare", paramLabel = "RUN[:SAMPLER]", arity = "1..*",
            description = "Evaluate several runs (each with its sampler, default prior) into one table.")
    List<String> compare;

    @Option(names = "--sampler", paramLabel = "NAME", defaultValue = "prior", description = "prior, gmm or normal.")
    String sampler;

    @Option(names = "--importance-samples", paramLabel = "K", defaultValue = "500",
            description = "Samples per image of the importance-weighted NLL (VAE); 0 skips it.")
    int importanceSamples;

    @Option(names = "--classifier", paramLabel = "RUN",
            description = "A train-classifier run: its features give the sample-quality figures.")
    Path classifier;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "10000", description = "Images to generate.")
    int samples;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--components", paramLabel = "K", defaultValue = "10", description = "Components of the gmm sampler.")
    int components;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds sampling.")
    int seed;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Read the images from this folder instead of the runs' data.dir.")
    String dataDir;

    @Option(names = "--output", paramLabel = "FILE",
            description = "--compare: the Markdown table to write (a .json beside it). Default: runs/compare-<timestamp>.md")
    Path output;

    @Mixin
    EngineOptions engine;

    @Option(names = "--dry-run", description = "Check that the runs, the classifier and their data load, and exit.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((checkpoint == null) == (compare == null)) {
            throw new UserError("give either --checkpoint RUN or --compare RUN[:SAMPLER] ...");
        }
        if (importanceSamples < 0 || importanceSamples > 1_000_000 || samples < 2 || samples > 1_000_000
                || components < 1 || components > 1000) {
            throw new UserError("--importance-samples must be in [0, 1000000], --samples in [2, 1000000], --components in"
                    + " [1, 1000]");
        }
        Device device = engine.start();
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Session session = new Session(manager, out);
            if (dryRun) {
                List<String> runs = checkpoint != null ? List.of(checkpoint.toString()) : compare;
                for (String entry : runs) {
                    Path run = Path.of(entry.matches(".*:(prior|gmm|normal)") ? entry.substring(0, entry.lastIndexOf(':')) : entry);
                    session.check(run);
                }
                out.println("dry run: " + runs.size() + " run(s)" + (classifier == null ? "" : " and the classifier")
                        + " load; nothing was computed or written");
                return ExitCodes.OK;
            }
            if (checkpoint != null) {
                Map<String, Object> result = session.evaluate(checkpoint, sampler);
                if (engine.threads().choice() != null) {
                    result.put("thread_choice", engine.threads().choice().toJson());
                }
                printTable(out, result);
                writeEval(checkpoint, result);
            } else {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (String entry : compare) {
                    int colon = entry.lastIndexOf(':');
                    boolean hasSampler = colon > 0 && entry.substring(colon + 1).matches("prior|gmm|normal");
                    Path run = Path.of(hasSampler ? entry.substring(0, colon) : entry);
                    String s = hasSampler ? entry.substring(colon + 1) : "prior";
                    out.println("evaluating " + run + " (" + s + ")");
                    out.flush();
                    rows.add(session.evaluate(run, s));
                }
                writeComparison(rows, session, out);
            }
        }
        return ExitCodes.OK;
    }

    /** Loads each dataset, classifier and reference once; caches model figures per run. */
    private final class Session {
        private final NDManager manager;
        private final PrintWriter out;
        private final Map<String, Datasets.Splits> data = new HashMap<>();
        private final Map<String, Evaluation.Reference> references = new HashMap<>();
        private final Map<Path, Map<String, Object>> modelFigures = new HashMap<>();
        private Evaluation.Classifier loadedClassifier;
        private String classifierDataset;

        Session(NDManager manager, PrintWriter out) {
            this.manager = manager;
            this.out = out;
        }

        void check(Path run) {
            if (!Files.isRegularFile(run.resolve("config.yaml"))) {
                throw new UserError(run + " is not a run directory (no config.yaml)");
            }
            if (FitEvaluation.isFit(run)) {
                return;
            }
            TrainedModel trained = TrainedModel.load(run, Main.MODELS, manager);
            splits(trained.config().data());
            classifier(trained.config().data().dataset());
        }

        Map<String, Object> evaluate(Path run, String samplerName) {
            if (!samplerName.matches("prior|gmm|normal")) {
                throw new UserError("--sampler must be prior, gmm or normal, found '" + samplerName + "'");
            }
            if (!Files.isRegularFile(run.resolve("config.yaml"))) {
                throw new UserError(run + " is not a run directory (no config.yaml)");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("checkpoint", run.toString());
            if (FitEvaluation.isFit(run)) {
                result.putAll(FitEvaluation.evaluate(run, Main.MODELS, manager, engine.threads(), out));
                result.put("sample_quality", "not computed for density fits (their samples are points, decoded only"
                        + " through PCA or a latent space)");
                return result;
            }
            if (engine.threads().choice() == null) {
                chooseThreads(run);
            }
            TrainedModel trained = TrainedModel.load(run, Main.MODELS, manager);
            result.put("model", trained.config().model().type());
            sampling.applyTo(trained, false);
            Datasets.Splits splits = splits(trained.config().data());
            Evaluation.Settings settings = new Evaluation.Settings(importanceSamples, samples, components, seed, sampling.steps);
            Map<String, Object> figures = modelFigures.computeIfAbsent(run.toAbsolutePath(),
                    r -> Evaluation.model(trained, splits, settings, manager, progress(splits.test().size())));
            result.putAll(figures);
            Evaluation.Classifier c = classifier(trained.config().data().dataset());
            Evaluation.Reference reference = c == null ? null : references.computeIfAbsent(
                    trained.config().data().dataset(), d -> Evaluation.reference(c, splits, samples, seed, manager));
            result.put("sample_quality", Evaluation.samples(trained, splits, samplerName, settings, c, reference, manager));
            if (reference != null) {
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("floor_train_vs_test_frechet_distance", reference.floor());
                ref.put("test_images_class_entropy_nats", reference.testImages().classEntropy());
                ref.put("test_images_confident_share", reference.testImages().confidentShare());
                ref.put("classifier", classifier.toString());
                ref.put("note", "classifier-feature Frechet distance: the features of this project's small CNN, not"
                        + " Inception; comparable only between evaluations with the same classifier");
                result.put("reference", ref);
            }
            return result;
        }

        /**
         * Chooses the thread count on the first run's own work (its importance-weighted pass for a
         * VAE, else encode-decode), with a throwaway copy of the model, so that the model loaded
         * for the figures draws exactly what it drew before (its load seeds the engine).
         */
        private void chooseThreads(Path run) {
            try (NDManager scope = manager.newSubManager()) {
                TrainedModel probe = TrainedModel.load(run, Main.MODELS, scope);
                Datasets.Splits splits = splits(probe.config().data());
                Runnable kernel = probe.model() instanceof VariationalAutoencoder vae && importanceSamples > 0
                        ? ImportanceWeighted.timingKernel(vae, probe.store(), splits.test(), importanceSamples, scope)
                        : probe.timingKernel(splits.test(), scope);
                engine.threads().choose(probe.model() instanceof VariationalAutoencoder && importanceSamples > 0
                        ? "importance-weighted batch" : "encode and decode of 1,000 images",
                        manager.getDevice().isGpu(), kernel, out);
            }
        }

        private Datasets.Splits splits(DataConfig config) {
            DataConfig chosen = dataDir == null ? config
                    : config.withImages(dataDir, config.trainLimit(), config.testLimit());
            String key = chosen.dataset() + "|" + chosen.dir() + "|" + chosen.trainLimit() + "|" + chosen.testLimit()
                    + "|" + chosen.validation();
            return data.computeIfAbsent(key, k -> Datasets.load(chosen, manager));
        }

        private Evaluation.Classifier classifier(String dataset) {
            if (classifier == null) {
                return null;
            }
            if (loadedClassifier == null) {
                TrainedModel trained = TrainedModel.load(classifier, Main.MODELS, manager);
                if (!(trained.model() instanceof ConvClassifier cnn)) {
                    throw new UserError("--classifier " + classifier + " holds a " + trained.config().model().type()
                            + "; give the run directory of genmodels train-classifier");
                }
                loadedClassifier = new Evaluation.Classifier(cnn, trained.store());
                classifierDataset = trained.config().data().dataset();
            }
            if (!classifierDataset.equals(dataset)) {
                throw new UserError("--classifier was trained on " + classifierDataset + " but the model on " + dataset
                        + "; train a classifier on " + dataset);
            }
            return loadedClassifier;
        }

        /** @return the importance-weighted pass's progress over {@code images} test images */
        private java.util.function.IntConsumer progress(int images) {
            Progress progress = Progress.of("importance-weighted NLL (K=" + importanceSamples + ")", images,
                    "test images", spec.commandLine().getOut(), false);
            return done -> {
                progress.update(done, "");
                if (done >= images) {
                    progress.done();
                }
            };
        }
    }

    private static void printTable(PrintWriter out, Map<String, Object> result) {
        out.println();
        flatten("", result, new LinkedHashMap<>()).forEach((k, v) -> out.printf(Locale.ROOT, "  %-58s %s%n", k, v));
        out.flush();
    }

    /** Nested maps as dotted keys; numbers formatted, sentences kept. */
    static Map<String, String> flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (value instanceof Double d) {
            into.put(prefix, String.format(Locale.ROOT, Math.abs(d) >= 1 ? "%.4f" : "%.6f", d));
        } else if (value instanceof int[] counts) {
            into.put(prefix, java.util.Arrays.toString(counts));
        } else {
            into.put(prefix, String.valueOf(value));
        }
        return into;
    }

    /** Writes eval.json in the run directory, keeping the sample figures of other samplers. */
    private void writeEval(Path run, Map<String, Object> result) throws Exception {
        Path file = run.resolve("eval.json");
        Map<String, Object> samplers = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            JsonNode previous = Json.mapper().readTree(file.toFile());
            previous.path("samplers").fields().forEachRemaining(e -> samplers.put(e.getKey(), e.getValue()));
        }
        Map<String, Object> json = new LinkedHashMap<>(result);
        Object quality = json.remove("sample_quality");
        samplers.put(sampler, quality);
        json.put("samplers", samplers);
        Json.write(file, json);
        spec.commandLine().getOut().println("wrote " + file);
        if (Files.isRegularFile(run.resolve("report.html"))) { // the run's page shows the new figures
            ReportPage.write(List.of(run), run.resolve("report.html"));
        }
    }

    private void writeComparison(List<Map<String, Object>> rows, Session session, PrintWriter out) throws Exception {
        Path md = output != null ? output : Path.of("runs", "compare-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        // the VAE's bound is a Bernoulli cross-entropy on grey levels, the diffusion model's a likelihood of the
        // 256 discrete levels: two columns, never one
        String[] columns = {"test -ELBO (nats)", "IW NLL (nats)", "bits/dim", "diffusion bound (bits/dim, 256 levels)",
            "recon BCE (nats)", "MSE/pixel", "classifier-feature FD", "class entropy (nats)", "confident share",
            "sampling s/image"};
        String[] keys = {"neg_elbo.nats", "importance_weighted_nll.nats", "importance_weighted_nll.bits_per_dim",
            "variational_bound.bits_per_dim", "reconstruction.bce_per_image", "reconstruction.mse_per_pixel",
            "sample_quality.classifier_feature_frechet_distance", "sample_quality.class_entropy_nats",
            "sample_quality.confident_share", "sample_quality.sampling_seconds_per_image"};
        StringBuilder table = new StringBuilder("| run | model | sampler |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (String c : columns) {
            table.append(' ').append(c).append(" |");
            rule.append("---|");
        }
        table.append('\n').append(rule).append('\n');
        Map<String, String> reference = null;
        for (Map<String, Object> row : rows) {
            Map<String, String> flat = flatten("", row, new LinkedHashMap<>());
            Object quality = row.get("sample_quality");
            String sampler = quality instanceof Map<?, ?> q
                    ? String.valueOf(q.get("sampler")) + (q.get("sampling") == null ? "" : " (" + q.get("sampling") + ")")
                    : "n/a: " + shortReason(String.valueOf(quality));
            table.append("| ").append(row.get("checkpoint")).append(" | ").append(row.get("model")).append(" | ")
                    .append(sampler).append(" |");
            for (String key : keys) {
                String v = flat.get(key);
                table.append(' ').append(v == null || v.startsWith("not ") ? "n/a" : v).append(" |");
            }
            table.append('\n');
            if (row.get("reference") != null) {
                reference = flatten("", row.get("reference"), new LinkedHashMap<>());
            }
        }
        if (reference != null) {
            table.append("| test images (reference) | | | | | | | | | ")
                    .append(reference.get("floor_train_vs_test_frechet_distance")).append(" (train vs test, the floor) | ")
                    .append(reference.get("test_images_class_entropy_nats")).append(" | ")
                    .append(reference.get("test_images_confident_share")).append(" | |\n");
        }
        table.append("\nFD is a Frechet distance between Gaussians fitted to the penultimate-layer features of this"
                + " project's small CNN classifier (").append(classifier).append("), not Inception FID; ln 10 = 2.3026"
                + " is the entropy of a uniform class histogram.\n");
        AtomicFiles.writeString(md, table.toString());
        Path json = md.resolveSibling(md.getFileName().toString().replaceFirst("\\.md$", "") + ".json");
        Json.write(json, rows);
        out.println();
        out.print(table);
        out.println("wrote " + md + " and " + json);
        out.flush();
    }

    private static String shortReason(String reason) {
        return reason.contains("no prior") ? "no prior" : reason.length() > 40 ? reason.substring(0, 40) : reason;
    }
}
