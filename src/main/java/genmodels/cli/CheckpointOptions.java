package genmodels.cli;

import ai.djl.Device;
import genmodels.config.DataConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that use a trained model (encode, sample). */
final class CheckpointOptions {

    @Option(names = "--checkpoint", paramLabel = "RUN", required = true,
            description = "A run directory written by a train-* command (or a file inside it).")
    Path path;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Read the images from this folder instead of the run's data.dir.")
    String dataDir;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto (the first GPU if PyTorch sees one, else the CPU), cpu, gpu or gpu:N.")
    String device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "auto",
            description = "Engine intra-op CPU threads: a number, or auto (" + EngineSetup.AUTO_THREADS_DOC + ").")
    String threads;

    @Option(names = "--stacktrace", description = "Print the full stack trace of an error.")
    boolean stacktrace;

    Device startEngine() {
        return EngineSetup.start(device, EngineSetup.threads(threads));
    }

    /** @return the run's data section, with {@code --data-dir} applied */
    DataConfig dataConfig(DataConfig run) {
        if (dataDir == null) {
            return run;
        }
        return new DataConfig(run.dataset(), dataDir, run.validation(), run.trainLimit(), run.testLimit());
    }
}
