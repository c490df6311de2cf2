package genmodels.io;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.config.ConfigLoader;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The folder a run writes into, and the names of what it holds:
 *
 * <pre>
 * config.yaml                 the resolved config
 * metrics.csv                 one row per epoch and split
 * samples/epoch-NNNN.png      decoded from fixed draws of the model's prior (none without one)
 * reconstructions/epoch-NNNN.png  test originals (odd rows) above their reconstructions
 * latent/epoch-NNNN.png       test codes coloured by digit (first two principal components above 2-D)
 * manifold.png                decoder outputs on a grid over a 2-D latent
 * interpolation.png           two test images (output.interpolation) and the decoded path between their codes
 * latent_prior.png            a 2-D latent with a prior: draws from the prior over the test codes
 * model.params                DJL parameter file of the latest epoch's weights
 * model-ema.params            the same for their moving average (train.ema), which sample, evaluate and encode use
 * checkpoint.json             how the weights were made
 * checkpoints/, best/         full checkpoints, to resume (see genmodels.runs.RunCheckpoints)
 * summary.json                final metrics
 * </pre>
 *
 * An existing non-empty folder is never reused: that would silently overwrite a run.
 */
public final class RunDirectory {

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates the run directory.
     *
     * @param requested the user's {@code --out} / {@code output.dir}, or null for
     *     {@code runs/<command>-<yyyyMMdd-HHmmss>}
     * @param command the command name, for the default folder name
     * @throws UserError if the folder exists and is not empty, or cannot be created or written
     */
    public static RunDirectory create(String requested, String command) {
        checkAvailable(requested);
        Path root;
        if (requested != null) {
            root = Path.of(requested);
        } else {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            root = Path.of("runs", command + "-" + stamp);
            for (int i = 2; Files.exists(root); i++) {
                root = Path.of("runs", command + "-" + stamp + "-" + i);
            }
        }
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserError(
                    "cannot write to output folder " + root + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + "); choose a writable --out",
                    e);
        }
        return new RunDirectory(root);
    }

    /**
     * Opens an existing run directory: the one check of "is this a run" every command makes.
     *
     * @param runOrFile a run directory, or a file inside one ({@code model.params}, {@code checkpoint.json})
     * @throws UserError if there is no {@code config.yaml} there
     */
    public static RunDirectory open(Path runOrFile) {
        Path dir = Files.isRegularFile(runOrFile) ? runOrFile.toAbsolutePath().getParent() : runOrFile;
        if (!Files.isRegularFile(dir.resolve("config.yaml"))) {
            throw new UserError(runOrFile + " is not a run directory (no config.yaml); give the folder a train-*, fit-*"
                    + " or pca command wrote");
        }
        return new RunDirectory(dir);
    }

    /**
     * Opens a finished run directory (the report's and a sweep's kind).
     *
     * @throws UserError if there is no {@code config.yaml} or no {@code summary.json} there
     */
    public static RunDirectory openFinished(Path root) {
        if (!Files.isRegularFile(root.resolve("summary.json")) || !Files.isRegularFile(root.resolve("config.yaml"))) {
            throw new UserError(root + " is not a finished run directory (no summary.json): pass the folder a train-*,"
                    + " fit-* or pca command wrote");
        }
        return new RunDirectory(root);
    }

    /**
     * Opens the run directory of an earlier run, to resume it.
     *
     * @throws UserError if it is not a run directory or cannot be written
     */
    public static RunDirectory existing(Path root) {
        RunDirectory run = open(root);
        try {
            Path probe = Files.createTempFile(run.root(), ".write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserError("cannot write to run directory " + root + " (" + e.getMessage() + ")", e);
        }
        return run;
    }

    /** @return the {@code model.type} of the run's config.yaml ("" when it has none) */
    public String modelType() {
        return ConfigLoader.modelType(config());
    }

    /**
     * The images the run's model was built for, as its data record ({@code provenance.data} of
     * checkpoint.json, else of summary.json) states them: {@code image} ({@code CxHxW}) and {@code
     * classes}. A run written before these were recorded trained on MNIST-shaped images.
     *
     * @return the shape and class count, {@link ImageSpec#MNIST} when the run records none
     */
    public ImageSpec imageSpec() {
        for (Path file : new Path[] {checkpoint(), summary()}) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                JsonNode data =
                        Json.mapper().readTree(file.toFile()).path("provenance").path("data");
                if (data.hasNonNull("image")) {
                    return ImageSpec.parse(
                            data.path("image").asText(), data.path("classes").asInt(0));
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError("cannot read " + file + " (" + e.getMessage() + "); the run directory is damaged");
            }
        }
        return ImageSpec.MNIST;
    }

    /** @return whether the run finished: its summary.json is written */
    public boolean finished() {
        return Files.isRegularFile(summary());
    }

    /**
     * Checks that the folder holding the run directory has room for what a run will write.
     *
     * @param bytes an estimate of the run's files
     * @throws UserError if less space is free
     */
    public void requireSpace(long bytes) {
        try {
            long free = Files.getFileStore(root).getUsableSpace();
            if (free < bytes) {
                throw new UserError("output folder " + root + " has " + free / 1_048_576 + " MB free but the run needs"
                        + " about " + (bytes + 1_048_575) / 1_048_576
                        + " MB (checkpoints and images); free some space or"
                        + " choose another --out");
            }
        } catch (IOException e) {
            throw new UserError("cannot check the free space of " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails early, before data is loaded, when the requested folder would overwrite a run.
     *
     * @param requested the user's {@code --out} / {@code output.dir}, or null
     * @throws UserError if it exists and is not an empty folder
     */
    public static void checkAvailable(String requested) {
        if (requested == null) {
            return;
        }
        Path root = Path.of(requested);
        if (Files.exists(root) && !isEmptyDirectory(root)) {
            throw new UserError("output folder " + root + " already exists and is not empty; give another --out"
                    + " (or output.dir), or remove it first");
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the folder */
    public Path root() {
        return root;
    }

    /** @return a file in the run directory, e.g. {@code gmm.json} */
    public Path file(String name) {
        return root.resolve(name);
    }

    /**
     * @param classes the number of classes, K
     * @return the class names the run recorded ({@link #recordedClassNames}), else the labels
     *     themselves, {@code 0 .. K - 1}
     * @throws UncheckedIOException when classes.json cannot be read
     */
    public List<String> classNames(int classes) {
        return recordedClassNames()
                .orElseGet(() ->
                        IntStream.range(0, classes).mapToObj(Integer::toString).toList());
    }

    /**
     * @return the class names in {@code classes.json} (written for folder data), or empty
     * @throws UncheckedIOException when classes.json cannot be read
     */
    public java.util.Optional<List<String>> recordedClassNames() {
        Path names = file("classes.json");
        if (!Files.isRegularFile(names)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(List.of(Json.mapper().readValue(names.toFile(), String[].class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path config() {
        return root.resolve("config.yaml");
    }

    public Path metrics() {
        return root.resolve("metrics.csv");
    }

    public Path summary() {
        return root.resolve("summary.json");
    }

    public Path checkpoint() {
        return root.resolve("checkpoint.json");
    }

    public Path weights() {
        return root.resolve("model.params");
    }

    /**
     * @return {@code model-ema.params}: the latest epoch's average of the weights ({@code
     *     train.ema}), in the format of {@link #weights}; absent without an average
     */
    public Path averagedWeights() {
        return root.resolve("model-ema.params");
    }

    /** @return {@code samples/epoch-NNNN.png} */
    public Path samples(int epoch) {
        return root.resolve("samples").resolve(String.format("epoch-%04d.png", epoch));
    }

    /** @return {@code latent/epoch-NNNN.png} */
    public Path latent(int epoch) {
        return root.resolve("latent").resolve(String.format("epoch-%04d.png", epoch));
    }

    public Path manifold() {
        return root.resolve("manifold.png");
    }

    public Path interpolation() {
        return root.resolve("interpolation.png");
    }

    /** @return {@code reconstructions/epoch-NNNN.png} */
    public Path reconstructions(int epoch) {
        return root.resolve("reconstructions").resolve(String.format("epoch-%04d.png", epoch));
    }
}
