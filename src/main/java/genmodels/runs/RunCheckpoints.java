package genmodels.runs;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import genmodels.config.RunConfig;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.Checkpoints;
import genmodels.io.Json;
import genmodels.io.Provenance;
import genmodels.io.RunDirectory;
import genmodels.models.TrainableModel;
import genmodels.optim.WeightAverage;
import genmodels.train.Checkpointing;
import genmodels.train.Optimizers;
import genmodels.train.TrainingState;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of a run directory:
 *
 * <pre>
 * checkpoints/epoch-NNNN/                 after epoch NNNN
 * checkpoints/epoch-NNNN-batch-BBBBB/     interrupted in epoch NNNN after batch BBBBB
 *     model.params      weights (DJL parameter file)
 *     optimizer.params  Adam's step count and moment estimates (a GAN: optimizer-discriminator.params
 *                       and optimizer-generator.params, one per network)
 *     ema.params        the weight average (train.ema), when there is one
 *     state.json        position, partial epoch sums, history, early-stopping state, config, provenance
 * best/                 the same for the epoch with the best validation objective (early stopping)
 * model.params, checkpoint.json   the latest epoch's weights, for encode, sample and evaluate
 * model-ema.params      the latest epoch's averaged weights (train.ema), which they use when present
 * </pre>
 *
 * Each folder is written under a temporary name and renamed, so a folder under its final name is
 * complete whenever the process dies; the newest {@code keep} epoch checkpoints are kept, and an
 * interruption checkpoint is removed once a later epoch checkpoint exists.
 */
public final class RunCheckpoints implements Checkpointing {

    /** The file of a checkpoint that holds the weight average. */
    static final String AVERAGE = "ema.params";

    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,})(?:-batch-(\\d{5,}))?");

    private final RunDirectory run;
    private final TrainableModel model;
    private final Provenance provenance;
    private final RunConfig<?> config;
    private final int every;
    private final int keep;
    private Path latest;

    /**
     * @param provenance how the run is made: command, model type, seed, data identity, device, versions
     * @param config the resolved config, recorded with every checkpoint
     * @param every write an epoch checkpoint every N epochs
     * @param keep how many epoch checkpoints to keep
     */
    public RunCheckpoints(
            RunDirectory run, TrainableModel model, Provenance provenance, RunConfig<?> config, int every, int keep) {
        this.run = run;
        this.model = model;
        this.provenance = provenance;
        this.config = config;
        this.every = every;
        this.keep = keep;
        this.latest = newest(run.root()).orElse(null);
    }

    @Override
    public void epochEnd(TrainingState state, Optimizers optimizers, boolean last) throws IOException {
        int epoch = state.epoch() - 1;
        Checkpoints.saveWeights(model.block(), run.weights());
        saveAveragedWeights(optimizers);
        Map<String, Object> summary = describe(state, optimizers, "epoch");
        summary.put("weights_sha256", sha256(run.weights()));
        Json.write(run.checkpoint(), summary);
        if (last || epoch % every == 0) {
            latest = write(folder(String.format("epoch-%04d", epoch)), state, optimizers, "epoch");
            prune();
        }
    }

    /** Writes model-ema.params: the average put into the model, saved, and the weights put back. */
    private void saveAveragedWeights(Optimizers optimizers) throws IOException {
        if (optimizers.average().isEmpty()) {
            return;
        }
        WeightAverage average = optimizers.average().get();
        average.swap();
        try {
            Checkpoints.saveWeights(model.block(), run.averagedWeights());
        } finally {
            average.swap();
        }
    }

    @Override
    public Path interrupted(TrainingState state, Optimizers optimizers) throws IOException {
        latest = write(
                folder(String.format("epoch-%04d-batch-%05d", state.epoch(), state.batch())),
                state,
                optimizers,
                "interrupted");
        return latest;
    }

    @Override
    public void improved(TrainingState state, Optimizers optimizers) throws IOException {
        Path best = run.file("best");
        Path fresh = write(run.root().resolve(".best-new"), state, optimizers, "best");
        Path old = run.root().resolve(".best-old");
        AtomicFiles.deleteTree(old);
        if (Files.exists(best)) {
            Files.move(best, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, best, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.deleteTree(old);
    }

    @Override
    public Path latest() {
        return latest;
    }

    private Path folder(String name) {
        return run.root().resolve("checkpoints").resolve(name);
    }

    private Map<String, Object> describe(TrainingState state, Optimizers optimizers, String reason) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 3);
        json.put("reason", reason);
        json.put("provenance", provenance);
        json.put("config", config);
        json.put("epochs_done", state.epoch() - 1);
        json.put("epoch", state.batch() == 0 ? state.epoch() - 1 : state.epoch());
        json.put("batch", state.batch());
        json.put("step", optimizers.stepCount());
        json.put("weights", "model.params");
        json.put("metrics", state.history());
        json.put("state", state);
        return json;
    }

    /** Writes the three files into a temporary folder beside {@code target}, then renames it. */
    private Path write(Path target, TrainingState state, Optimizers optimizers, String reason) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = AtomicFiles.createTemporaryFolder(parent, "." + target.getFileName() + ".tmp-");
        try {
            Checkpoints.saveWeights(model.block(), tmp.resolve("model.params"));
            for (int g = 0; g < optimizers.size(); g++) {
                AtomicFiles.write(
                        tmp.resolve(Optimizers.fileName(optimizers.group(g).name())), optimizers.get(g)::save);
            }
            if (optimizers.average().isPresent()) {
                AtomicFiles.write(tmp.resolve(AVERAGE), optimizers.average().get()::save);
            }
            Map<String, Object> json = describe(state, optimizers, reason);
            json.put("weights_sha256", sha256(tmp.resolve("model.params")));
            Json.write(tmp.resolve("state.json"), json);
            AtomicFiles.deleteTree(target); // only a re-run of the same epoch after a resume can find one here
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return target;
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    /** Keeps the newest {@code keep} epoch checkpoints, and interruption checkpoints newer than them. */
    private void prune() throws IOException {
        List<Path> all = list(run.root());
        List<Path> epochs = all.stream()
                .filter(p -> !p.getFileName().toString().contains("batch"))
                .toList();
        List<Path> remove = new ArrayList<>(epochs.subList(0, Math.max(0, epochs.size() - keep)));
        Path newestEpoch = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        for (Path p : all) {
            if (p.getFileName().toString().contains("batch")
                    && newestEpoch != null
                    && ORDER.compare(p, newestEpoch) < 0) {
                remove.add(p);
            }
        }
        for (Path p : remove) {
            AtomicFiles.deleteTree(p);
        }
    }

    private static final Comparator<Path> ORDER =
            Comparator.comparingLong((Path p) -> key(p)[0]).thenComparingLong(p -> key(p)[1]);

    private static long[] key(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return new long[] {-1, -1};
        }
        return new long[] {Long.parseLong(m.group(1)), m.group(2) == null ? Long.MAX_VALUE : Long.parseLong(m.group(2))
        };
    }

    /** @return the complete checkpoints of a run, oldest first */
    static List<Path> list(Path runRoot) throws IOException {
        Path dir = runRoot.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve("state.json")))
                    .sorted(ORDER)
                    .toList();
        }
    }

    /**
     * Refuses to resume on other data: the md5 of each IDX file recorded in the run's
     * checkpoint.json must equal the one just computed (the folder may have moved).
     *
     * @param runRoot the run directory
     * @param current the data's identity now ({@link genmodels.data.Datasets.Splits#identity()})
     * @throws UserError naming the first file that differs
     */
    public static void requireSameData(Path runRoot, Map<String, String> current) throws IOException {
        Path file = runRoot.resolve("checkpoint.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonNode json = Json.mapper().readTree(file.toFile());
        JsonNode recorded =
                json.has("provenance") ? json.path("provenance").path("data") : json.path("data"); // format 2
        for (Map.Entry<String, String> e : current.entrySet()) {
            String was = recorded.path(e.getKey()).asText(null);
            if (e.getKey().endsWith("_md5") && was != null && !was.equals(e.getValue())) {
                throw new UserError("--resume " + runRoot + ": the data differ from the ones the run was trained on ("
                        + e.getKey() + " was " + was + ", now " + e.getValue() + " in " + current.get("source")
                        + "); resume with the same files, or start a new run");
            }
        }
    }

    /** @return the newest complete checkpoint of a run */
    public static java.util.Optional<Path> newest(Path runRoot) {
        try {
            List<Path> all = list(runRoot);
            return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(all.size() - 1));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Restores a checkpoint into a model (built and initialised from the same config) and its
     * optimizer.
     *
     * @return the training state to continue from
     * @throws UserError if a file is missing, truncated or belongs to another architecture
     */
    public static TrainingState restore(
            Path checkpoint, TrainableModel model, Optimizers optimizers, NDManager manager) {
        Path stateFile = checkpoint.resolve("state.json");
        JsonNode json;
        try {
            json = Json.mapper().readTree(stateFile.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError(
                    stateFile + " is not complete JSON ("
                            + e.getOriginalMessage().lines().findFirst().orElse("")
                            + "); the checkpoint is damaged, remove it to resume from the one before",
                    e);
        } catch (IOException e) {
            throw new UserError(
                    stateFile + " cannot be read (" + e.getMessage() + "); the checkpoint is damaged,"
                            + " remove it to resume from the one before",
                    e);
        }
        TrainingState state;
        try {
            state = Json.mapper().treeToValue(json.path("state"), TrainingState.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(
                    stateFile + " does not hold a training state ("
                            + e.getMessage().lines().findFirst().orElse("") + ")",
                    e);
        }
        if (state == null
                || state.partialSums() == null
                || state.partialSums().length != model.termNames().size()) {
            throw new UserError(
                    stateFile + " was written by another model (its terms differ from " + model.termNames() + ")");
        }
        Path weights = checkpoint.resolve("model.params");
        String expected = json.path("weights_sha256").asText("");
        try {
            if (!expected.equals(sha256(weights))) {
                throw new UserError(weights + " does not match the sha256 recorded in " + stateFile + "; the checkpoint"
                        + " is damaged, remove it to resume from the one before");
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + weights + ": " + e.getMessage(), e);
        }
        Checkpoints.loadWeights(model.block(), manager, weights);
        for (var p : model.block().getParameters()) { // loading replaces the arrays: training needs their gradients
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        for (int g = 0; g < optimizers.size(); g++) {
            Path optimizerFile =
                    checkpoint.resolve(Optimizers.fileName(optimizers.group(g).name()));
            try (InputStream in = new BufferedInputStream(Files.newInputStream(optimizerFile))) {
                optimizers.get(g).load(in, optimizerFile.toString());
            } catch (IOException e) {
                throw new UserError("cannot read " + optimizerFile + ": " + e.getMessage(), e);
            }
        }
        optimizers.average().ifPresent(average -> restoreAverage(checkpoint.resolve(AVERAGE), average));
        return state;
    }

    /**
     * Restores the average a checkpoint holds, or starts it at the restored weights when the run
     * had none (an average turned on at resume).
     */
    private static void restoreAverage(Path file, WeightAverage average) {
        if (!Files.isRegularFile(file)) {
            average.copy();
            return;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            average.load(in, file.toString());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return the config a checkpoint recorded (its {@code state.json}'s {@code config}), or a missing
     *     node when it cannot be read (restoring it reports why)
     */
    public static JsonNode recordedConfig(Path checkpoint) {
        try {
            return Json.mapper()
                    .readTree(checkpoint.resolve("state.json").toFile())
                    .path("config");
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
