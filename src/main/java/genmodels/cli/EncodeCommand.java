package genmodels.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.NpyFiles;
import genmodels.runs.TrainedModel;
import genmodels.train.LatentSpaceWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels encode}: the codes of a trained encoder, with labels, as CSV or NumPy arrays. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Encode a split with a trained model (its deterministic code; the posterior mean for a VAE)"
                + " and write index,label,z1..zd as CSV, or the codes and labels as NumPy .npy arrays.")
final class EncodeCommand implements Callable<Integer> {

    @Mixin
    CheckpointOptions checkpoint;

    @Option(
            names = "--split",
            paramLabel = "SPLIT",
            defaultValue = "test",
            description = "train, validation or test (as the run split them).")
    Choices.Split split;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "csv",
            description = "csv (index,label,z1..zd) or npy (NumPy: the codes, float32 [n, d], and beside them the"
                    + " labels, int64 [n], in <name>-labels.npy).")
    Choices.CodeFormat format;

    @Option(
            names = {"--out", "--output"},
            paramLabel = "FILE",
            description = "File to write (npy: its extension becomes .npy). Default: codes-<split>.csv / .npy in the"
                    + " run directory.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var device = checkpoint.startEngine();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            TrainedModel trained = TrainedModel.load(checkpoint.path, manager, checkpoint.weights.choice);
            Datasets.Splits splits = checkpoint.encoderData(trained, manager);
            if (checkpoint.dryRun) {
                CheckpointOptions.reportDryRun(trained, spec.commandLine().getOut());
                return ExitCodes.OK;
            }
            ImageSplit chosen = switch (split.name()) {
                case "train" -> splits.train();
                case "validation" -> splits.validation();
                default -> splits.test();
            };
            if (chosen == null) {
                throw new UserError("--split validation: the run held out no validation images (data.validation = 0)");
            }
            checkpoint.chooseThreads(
                    trained, chosen, manager, spec.commandLine().getOut());
            NDArray codes = LatentSpaceWriter.encodeAll(trained.generative(), trained.store(), chosen, manager);
            Path base = output != null ? output : trained.runDir().resolve("codes-" + split + ".csv");
            boolean labelled = splits.image().labelled();
            if (format == Choices.CodeFormat.npy) {
                writeNpy(codes, labelled ? chosen : null, base);
            } else {
                writeCsv(codes, labelled ? chosen.labels().toIntArray() : null, base);
            }
        }
        return ExitCodes.OK;
    }

    /** The codes, float32 [n, d], and beside them the labels, int64 [n] (none for unlabelled images: chosen null). */
    private void writeNpy(NDArray codes, ImageSplit chosen, Path base) throws java.io.IOException {
        Path file = NpyFiles.withExtension(base, ".npy");
        Path labelFile = NpyFiles.withExtension(file, "-labels.npy");
        NpyFiles.write(file, codes.toType(DataType.FLOAT32, false));
        if (chosen != null) {
            NpyFiles.write(labelFile, chosen.labels().toType(DataType.INT64, false));
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote %d %d-D codes of the %s split to %s%s%n",
                        codes.getShape().get(0),
                        codes.getShape().get(1),
                        split,
                        file,
                        chosen == null ? " (unlabelled images: no labels)" : ", their labels to " + labelFile);
    }

    /** index,label,z1..zd, one row per image. */
    /** index,label,z1..zd, one row per image; the label empty for unlabelled images (labels null). */
    private void writeCsv(NDArray codes, int[] labels, Path file) throws java.io.IOException {
        int d = Math.toIntExact(codes.getShape().get(1));
        int n = Math.toIntExact(codes.getShape().get(0));
        float[] values = codes.toFloatArray();
        StringBuilder csv = new StringBuilder("index,label");
        for (int j = 1; j <= d; j++) {
            csv.append(",z").append(j);
        }
        csv.append('\n');
        for (int i = 0; i < n; i++) {
            csv.append(i).append(',').append(labels == null ? "" : Integer.toString(labels[i]));
            for (int j = 0; j < d; j++) {
                csv.append(',').append(String.format(Locale.ROOT, "%.7g", values[i * d + j]));
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
        spec.commandLine().getOut().printf("wrote %d %d-D codes of the %s split to %s%n", n, d, split, file);
    }
}
