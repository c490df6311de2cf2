package genmodels.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.errors.UserError;
import genmodels.eval.ComparisonTable;
import genmodels.eval.EvaluationSession;
import genmodels.eval.GuidanceSweep;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.report.ReportPage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "A run's test loss terms and the figures its model declares (a VAE's -ELBO and"
                + " importance-weighted NLL, a diffusion model's bound, the autoencoders' reconstruction error), the"
                + " sample quality of a sampler (a classifier-feature Frechet distance, NOT Inception FID; class"
                + " entropy; confident share), or log-likelihood, BIC and AIC of a fit; --compare makes one table.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(
            names = "--checkpoint",
            paramLabel = "RUN",
            description = "A run directory (train-*, fit-gmm, fit-kde, pca).")
    Path checkpoint;

    @Option(
            names = "--compare",
            paramLabel = "RUN[:SAMPLER]",
            arity = "1..*",
            description = "Evaluate several runs (each with its sampler, default prior) into one table.")
    List<String> compare;

    @Option(
            names = "--sampler",
            paramLabel = "NAME",
            defaultValue = "prior",
            description = "prior (the model's own), gmm (a mixture fitted to the training codes) or normal (N(0, I)).")
    Choices.Sampler sampler;

    @Option(
            names = "--importance-samples",
            paramLabel = "K",
            defaultValue = "500",
            description = "Samples per image of the importance-weighted NLL (models that report it); 0 skips it.")
    int importanceSamples;

    @Option(
            names = "--classifier",
            paramLabel = "RUN",
            description = "A train-classifier run: its features give the sample-quality figures.")
    Path classifier;

    @Option(
            names = "--features",
            paramLabel = "PATH.pt",
            description = "A TorchScript feature network: its Frechet distance to the test images beside the"
                    + " classifier's (FID with the network scripts/export-fid-inception.py exports). Default: the"
                    + " run's output.features.")
    Path features;

    @Option(
            names = "--reference-stats",
            paramLabel = "FILE.npz",
            description = "The real images' feature statistics (pytorch-fid's mu, sigma) instead of the test split's.")
    Path referenceStats;

    @Option(
            names = "--save-reference-stats",
            paramLabel = "FILE.npz",
            description = "Write the test split's feature statistics in pytorch-fid's layout.")
    Path saveReferenceStats;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "10000", description = "Images to generate.")
    int samples;

    @Mixin
    SamplingOptions sampling;

    @Option(
            names = "--components",
            paramLabel = "K",
            defaultValue = "10",
            description = "Components of the gmm sampler.")
    int components;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seeds sampling.")
    int seed;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Read the images from this folder instead of the runs' data.dir.")
    String dataDir;

    @Option(
            names = {"--out", "--output"},
            paramLabel = "FILE",
            description =
                    "--compare: the Markdown table to write (a .json beside it). Default: runs/compare-<timestamp>.md")
    Path output;

    @Mixin
    WeightsOption weights;

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
        OptionRange.require("--importance-samples", importanceSamples, 0, 1_000_000);
        OptionRange.require("--samples", samples, 2, 1_000_000);
        OptionRange.require("--components", components, 1, 1000);
        if (sampling.guidanceSweep().size() > 1 && checkpoint == null) {
            throw new UserError("a guidance sweep (--guidance with several weights) evaluates one run: give"
                    + " --checkpoint RUN, not --compare");
        }
        Device device = engine.start();
        PrintWriter out = spec.commandLine().getOut();
        List<EvaluationSession.Entry> entries = checkpoint != null
                ? List.of(new EvaluationSession.Entry(checkpoint, sampler.name()))
                : compare.stream().map(EvaluationSession.Entry::parse).toList();
        if ((referenceStats != null || saveReferenceStats != null) && features == null) {
            throw new UserError((referenceStats != null ? "--reference-stats" : "--save-reference-stats")
                    + " needs --features PATH.pt, the network the statistics belong to");
        }
        try (NDManager manager = NDManager.newBaseManager(device);
                EvaluationSession session = new EvaluationSession(
                        manager,
                        engine.threads(),
                        new EvaluationSession.Options(
                                importanceSamples,
                                samples,
                                components,
                                seed,
                                sampling.settings(),
                                dataDir,
                                classifier,
                                weights.choice,
                                sampling.guidanceSweep(),
                                features,
                                referenceStats,
                                saveReferenceStats),
                        out)) {
            if (dryRun) {
                entries.forEach(e -> session.check(e.run()));
                out.println("dry run: " + entries.size() + " run(s)" + (classifier == null ? "" : " and the classifier")
                        + " load; nothing was computed or written");
                return ExitCodes.OK;
            }
            if (checkpoint != null) {
                Map<String, Object> result = session.evaluate(entries.get(0)).figures();
                printTable(out, result);
                writeEval(checkpoint, result);
                return ExitCodes.OK;
            }
            List<EvaluationSession.Result> rows = new ArrayList<>();
            for (EvaluationSession.Entry entry : entries) {
                out.println("evaluating " + entry.run() + " (" + entry.sampler() + ")");
                out.flush();
                rows.add(session.evaluate(entry));
            }
            writeComparison(rows, out);
        }
        return ExitCodes.OK;
    }

    private static void printTable(PrintWriter out, Map<String, Object> result) {
        out.println();
        ComparisonTable.flatten("", result, new LinkedHashMap<>())
                .forEach((k, v) -> out.printf(Locale.ROOT, "  %-58s %s%n", k, v));
        out.flush();
    }

    /** Writes eval.json in the run directory, keeping the sample figures of other samplers. */
    private void writeEval(Path run, Map<String, Object> result) throws Exception {
        Path file = RunDirectory.open(run).file("eval.json");
        Map<String, Object> samplers = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            JsonNode previous = Json.mapper().readTree(file.toFile());
            previous.path("samplers").fields().forEachRemaining(e -> samplers.put(e.getKey(), e.getValue()));
        }
        Map<String, Object> json = new LinkedHashMap<>(result);
        Object quality = json.remove("sample_quality");
        samplers.put(sampler.name(), quality);
        json.put("samplers", samplers);
        genmodels.io.CheckpointStamp.current(file.getParent())
                .ifPresent(stamp -> json.put(genmodels.io.CheckpointStamp.KEY, stamp.toJson()));
        Json.write(file, json);
        spec.commandLine().getOut().println("wrote " + file);
        if (json.get(GuidanceSweep.KEY) instanceof List<?> rows) {
            for (Path written : GuidanceSweep.write(
                    file.getParent(), rows, file.getParent().getFileName().toString())) {
                spec.commandLine().getOut().println("wrote " + written);
            }
        }
        if (Files.isRegularFile(file.resolveSibling("report.html"))) { // the run's page shows the new figures
            ReportPage.write(List.of(file.getParent()), file.resolveSibling("report.html"));
        }
    }

    private void writeComparison(List<EvaluationSession.Result> rows, PrintWriter out) throws Exception {
        Path md = output != null
                ? output
                : Path.of(
                        "runs",
                        "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                                + ".md");
        Path json = ComparisonTable.write(rows, classifier, md);
        out.println();
        out.print(ComparisonTable.markdown(rows, classifier));
        out.println("wrote " + md + " and " + json);
        out.flush();
    }
}
