package genmodels.cli;

import ai.djl.Device;
import genmodels.engine.Threads;
import picocli.CommandLine.Option;

/** Where and how the engine computes; shared by every command that starts it. */
final class EngineOptions {

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            defaultValue = "auto",
            description = "auto (the first GPU if PyTorch sees one, else the CPU), cpu, gpu or gpu:N.")
    String device;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "auto",
            description = "Engine intra-op CPU threads: a number, or auto (" + EngineSetup.AUTO_THREADS_DOC + ").")
    String threads;

    private Threads parsed;

    @Option(names = "--stacktrace", description = "Print the full stack trace of an error.")
    boolean stacktrace;

    /** @return what {@code --threads} asks for (one object per command, which records the choice) */
    Threads threads() {
        if (parsed == null) {
            parsed = Threads.parse(threads);
        }
        return parsed;
    }

    /** Prepares the process, starts the engine and resolves {@code --device}. */
    Device start() {
        return EngineSetup.start(device, threads().initial());
    }
}
