package genmodels.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.config.DataConfig;
import genmodels.data.Datasets;
import genmodels.engine.Threads;
import genmodels.errors.UserError;
import genmodels.features.FeatureFigures;
import genmodels.features.FeatureNetwork;
import genmodels.features.ReferenceCache;
import genmodels.features.StatisticsFile;
import genmodels.io.Progress;
import genmodels.io.Provenance;
import genmodels.io.RunDirectory;
import genmodels.models.FrechetDistance;
import genmodels.models.ModelEvaluation;
import genmodels.models.SamplingSettings;
import genmodels.runs.TrainedModel;
import genmodels.sampling.Samplers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code evaluate} does for one run or several: loads each dataset, the classifier and its
 * reference statistics once, caches each run's model figures, and evaluates a run with a sampler
 * into one result (the figures eval.json and the comparison table hold).
 */
public final class EvaluationSession implements AutoCloseable {

    /**
     * The command's settings.
     *
     * @param importanceSamples K of the importance-weighted NLL, 0 to skip it
     * @param samples images generated for sample quality
     * @param components K of the gmm sampler
     * @param seed seeds every draw
     * @param sampling a diffusion model's steps and eta
     * @param dataDir a folder to read the runs' images from instead of their data.dir, or null
     * @param classifier a train-classifier run for the sample-quality figures, or null
     * @param weights which of a run's weights to evaluate (its average, when it has one, by default)
     * @param guidanceSweep a conditional diffusion model's guidance weights to evaluate the samples
     *     at, each in turn (more than one: a sweep); empty for the model's own
     * @param features a TorchScript feature network (e.g. the FID Inception), or null for the
     *     runs' {@code output.features} (if any)
     * @param referenceStats a statistics file (pytorch-fid's mu, sigma) to use as the real images'
     *     feature statistics instead of computing them from the test split, or null
     * @param saveReferenceStats where to write the test split's feature statistics, or null
     */
    public record Options(
            int importanceSamples,
            int samples,
            int components,
            long seed,
            SamplingSettings sampling,
            String dataDir,
            Path classifier,
            TrainedModel.Weights weights,
            List<Double> guidanceSweep,
            Path features,
            Path referenceStats,
            Path saveReferenceStats) {

        public Options {
            guidanceSweep = List.copyOf(guidanceSweep);
        }

        /** Options without a feature network. */
        public Options(
                int importanceSamples,
                int samples,
                int components,
                long seed,
                SamplingSettings sampling,
                String dataDir,
                Path classifier,
                TrainedModel.Weights weights,
                List<Double> guidanceSweep) {
            this(
                    importanceSamples,
                    samples,
                    components,
                    seed,
                    sampling,
                    dataDir,
                    classifier,
                    weights,
                    guidanceSweep,
                    null,
                    null,
                    null);
        }
    }

    /**
     * A run to evaluate with a sampler, as {@code --compare RUN[:SAMPLER]} names it.
     *
     * @param run the run directory
     * @param sampler prior, gmm or normal
     */
    public record Entry(Path run, String sampler) {
        /** @return {@code RUN:SAMPLER}, or {@code RUN} with the default sampler {@code prior} */
        public static Entry parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon > 0 && Samplers.NAMES.contains(text.substring(colon + 1))) {
                return new Entry(Path.of(text.substring(0, colon)), text.substring(colon + 1));
            }
            return new Entry(Path.of(text), "prior");
        }
    }

    /**
     * One evaluated run.
     *
     * @param figures what eval.json holds (figures, sentences where they do not apply, the provenance)
     * @param columns the comparison table's columns of the model's own evaluations
     */
    public record Result(Map<String, Object> figures, List<ModelEvaluation.Column> columns) {}

    private final NDManager manager;
    private final PrintWriter out;
    private final Threads threads;
    private final Options options;
    private final Map<String, Datasets.Splits> data = new HashMap<>();
    private final Map<String, Evaluation.Reference> references = new HashMap<>();
    private final Map<Path, Map<String, Object>> modelFigures = new HashMap<>();
    private TrainedModel classifier;
    private final Map<Path, FeatureNetwork> networks = new HashMap<>();
    private final Map<String, FeatureFigures.Side> featureReferences = new HashMap<>();

    /**
     * @param manager where models, data and figures live
     * @param threads the command's thread setting (chosen on the first run's work)
     * @param out where choices and progress are printed
     */
    public EvaluationSession(NDManager manager, Threads threads, Options options, PrintWriter out) {
        this.manager = manager;
        this.threads = threads;
        this.options = options;
        this.out = out;
    }

    /** Closes the feature networks it loaded. */
    @Override
    public void close() {
        networks.values().forEach(FeatureNetwork::close);
        networks.clear();
    }

    /** Checks that a run, its data and the classifier load (a dry run). */
    public void check(Path run) {
        RunDirectory dir = RunDirectory.open(run);
        if (FitEvaluation.isFit(dir.root())) {
            return;
        }
        TrainedModel trained = TrainedModel.load(run, manager);
        trained.requireImages(
                splits(trained.config().data()).image(), trained.config().data());
        classifier(trained);
        network(trained);
    }

    /** @return the figures of a run (a training run with the sampler, or a density fit) */
    public Result evaluate(Entry entry) {
        Samplers.requireKnown(entry.sampler());
        RunDirectory dir = RunDirectory.open(entry.run());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("checkpoint", entry.run().toString());
        if (FitEvaluation.isFit(dir.root())) {
            result.putAll(FitEvaluation.evaluate(dir.root(), manager, threads, out));
            result.put(
                    "sample_quality",
                    "not computed for density fits (their samples are points, decoded only"
                            + " through PCA or a latent space)");
            result.put("provenance", provenance(dir.modelType(), null));
            return new Result(result, List.of());
        }
        if (threads.choice() == null) {
            chooseThreads(entry.run());
        }
        TrainedModel trained = TrainedModel.load(entry.run(), manager, options.weights());
        result.put("model", trained.type());
        result.put("weights", trained.weights());
        trained.model().priorSampler(options.sampling()); // checks --steps and --eta against the model
        Datasets.Splits splits = splits(trained.config().data());
        trained.requireImages(splits.image(), trained.config().data());
        Evaluation.Settings settings = settings();
        result.putAll(modelFigures.computeIfAbsent(
                entry.run().toAbsolutePath(),
                r -> Evaluation.model(trained, Evaluation.input(trained, splits, settings, manager, this::progress))));
        Evaluation.Classifier c = classifier(trained);
        Evaluation.Reference reference = c == null
                ? null
                : references.computeIfAbsent(
                        splits.identity().get("dataset") + "|"
                                + splits.identity().get("source") + "|"
                                + splits.image().describe(),
                        d -> Evaluation.reference(c, splits, options.samples(), options.seed(), manager));
        Evaluation.Scorers scorers = new Evaluation.Scorers(c, reference, features(trained, splits));
        List<Double> sweep = options.guidanceSweep();
        if (sweep.size() > 1) {
            List<Object> rows = new ArrayList<>();
            for (double w : sweep) {
                out.println("guidance w = " + w);
                out.flush();
                Evaluation.Settings at = settings(options.sampling().withGuidance(w));
                rows.add(GuidanceSweep.row(
                        w, Evaluation.samples(trained, splits, entry.sampler(), at, scorers, manager)));
            }
            result.put("sample_quality", rows.get(0));
            result.put(GuidanceSweep.KEY, rows);
        } else {
            result.put(
                    "sample_quality", Evaluation.samples(trained, splits, entry.sampler(), settings, scorers, manager));
        }
        if (reference != null) {
            result.put("reference", reference(reference));
        }
        result.put("provenance", provenance(trained.type(), splits.identity()));
        return new Result(result, Evaluation.columns(trained));
    }

    private Evaluation.Settings settings() {
        return settings(options.sampling());
    }

    private Evaluation.Settings settings(SamplingSettings sampling) {
        return new Evaluation.Settings(
                new ModelEvaluation.Settings(options.importanceSamples(), options.seed()),
                options.samples(),
                new Samplers.Options(options.components(), options.seed(), sampling));
    }

    private Map<String, Object> reference(Evaluation.Reference reference) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("floor_train_vs_test_frechet_distance", reference.floor());
        ref.put("test_images_class_entropy_nats", reference.testImages().classEntropy());
        ref.put("test_images_confident_share", reference.testImages().confidentShare());
        ref.put("classifier", options.classifier().toString());
        ref.put(
                "note",
                "classifier-feature Frechet distance: the features of this project's small CNN, not"
                        + " Inception; comparable only between evaluations with the same classifier");
        return ref;
    }

    private Provenance provenance(String type, Map<String, String> identity) {
        return Provenance.of(
                "evaluate",
                type,
                options.seed(),
                identity,
                manager.getDevice().isGpu() ? "gpu:" + manager.getDevice().getDeviceId() : "cpu",
                threads.choice() == null ? null : threads.choice().threads(),
                threads.choice() == null ? null : threads.choice().toJson());
    }

    /**
     * Chooses the thread count on the first run's own work (its heaviest evaluation, else a forward
     * pass), with a throwaway copy of the model, so that the model loaded for the figures draws
     * exactly what it drew before (its load seeds the engine).
     */
    private void chooseThreads(Path run) {
        try (NDManager scope = manager.newSubManager()) {
            TrainedModel probe = TrainedModel.load(run, scope);
            Datasets.Splits splits = splits(probe.config().data());
            ModelEvaluation.Input input = new ModelEvaluation.Input(
                    probe.store(),
                    Evaluation.images(splits.test()),
                    Map.of(),
                    probe.config().data(),
                    settings().model(),
                    scope,
                    ModelEvaluation.ProgressFactory.NONE);
            var heavy = Evaluation.timingKernel(probe, input, scope);
            threads.choose(
                    heavy.isPresent()
                            ? "the heaviest evaluation's batch"
                            : "a forward pass of " + probe.model().probeImages() + " images",
                    manager.getDevice().isGpu(),
                    heavy.orElseGet(() -> probe.timingKernel(splits.test(), scope)),
                    out);
        }
    }

    private Datasets.Splits splits(DataConfig config) {
        DataConfig chosen = options.dataDir() == null
                ? config
                : config.withImages(options.dataDir(), config.trainLimit(), config.testLimit());
        String key = chosen.toString(); // every key of the section: the same data, the same arrays
        return data.computeIfAbsent(key, k -> Datasets.load(chosen, manager));
    }

    private Evaluation.Classifier classifier(TrainedModel trained) {
        if (options.classifier() == null) {
            return null;
        }
        if (classifier == null) {
            try {
                classifier = TrainedModel.loadClassifier(options.classifier(), manager);
            } catch (UserError e) {
                throw new UserError("--classifier: " + e.getMessage(), e);
            }
        }
        classifier.mismatch(trained.image(), trained.config().data().dataset()).ifPresent(why -> {
            throw new UserError(
                    "--classifier " + why + " (" + trained.runDir() + "); train a classifier on the" + " model's data");
        });
        return new Evaluation.Classifier(classifier.featureExtractor(), classifier.store());
    }

    /**
     * @return the feature network of {@code --features} (else the run's {@code output.features}) and
     *     the test images' statistics through it (from {@code --reference-stats}, else the cache,
     *     else computed), or null when no network is named
     */
    private Evaluation.Features features(TrainedModel trained, Datasets.Splits splits) {
        FeatureNetwork network = network(trained);
        if (network == null) {
            return null;
        }
        String key = network.sha256() + "|" + new java.util.TreeMap<>(splits.identity());
        FeatureFigures.Side reference = featureReferences.computeIfAbsent(key, k -> featureReference(network, splits));
        return new Evaluation.Features(network, reference, line -> {
            out.println(line);
            out.flush();
        });
    }

    /** @return the network of {@code --features}, else of the run's {@code output.features}, loaded once; or null */
    private FeatureNetwork network(TrainedModel trained) {
        String named = options.features() != null
                ? options.features().toString()
                : trained.config().output().features();
        if (named == null) {
            return null;
        }
        Path path = Path.of(named).toAbsolutePath().normalize();
        return networks.computeIfAbsent(path, p -> FeatureNetwork.load(p, manager.getDevice()));
    }

    private FeatureFigures.Side featureReference(FeatureNetwork network, Datasets.Splits splits) {
        if (options.referenceStats() != null) {
            FrechetDistance.Moments read = StatisticsFile.read(options.referenceStats(), manager);
            out.println("reference statistics: " + options.referenceStats());
            return new FeatureFigures.Side(options.referenceStats().toString(), 0, null, read);
        }
        int count = splits.test().size();
        String source = "the test split (" + count + " images)";
        ReferenceCache.Cached cached = ReferenceCache.standard()
                .statistics(splits.identity(), "test", network.sha256(), manager, () -> {
                    try (NDManager scratch = manager.newSubManager()) {
                        java.util.function.IntConsumer shown = progress("features of the test images", count, "images");
                        NDArray images = splits.test().images(scratch);
                        return FrechetDistance.moments(
                                network.features(images, splits.image(), FeatureNetwork.DEFAULT_BATCH, shown, scratch));
                    }
                });
        out.println("reference statistics: " + (cached.hit() ? "read from " : "computed")
                + (cached.file() == null ? "" : (cached.hit() ? "" : ", kept in ") + cached.file()));
        if (options.saveReferenceStats() != null) {
            try {
                StatisticsFile.write(options.saveReferenceStats(), cached.moments(), manager);
            } catch (java.io.IOException e) {
                throw new UserError(
                        "cannot write --save-reference-stats " + options.saveReferenceStats() + ": " + e.getMessage(),
                        e);
            }
            out.println("wrote " + options.saveReferenceStats());
        }
        return new FeatureFigures.Side(source, count, null, cached.moments());
    }

    /** @return a progress display of a long pass */
    private java.util.function.IntConsumer progress(String what, int total, String unit) {
        Progress progress = Progress.of(what, total, unit, out);
        return done -> {
            progress.update(done, "");
            if (done >= total) {
                progress.done();
            }
        };
    }
}
