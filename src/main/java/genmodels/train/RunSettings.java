package genmodels.train;

import ai.djl.Device;
import genmodels.engine.Threads;
import java.io.PrintWriter;

/**
 * How a run executes, as opposed to what it computes (the config).
 *
 * @param device where arrays live and compute runs
 * @param threads engine intra-op threads: fixed, or chosen by measurement before the work starts
 * @param quiet no progress bar
 * @param out where per-epoch lines and the final summary go
 * @param err where the progress bar goes (only when it is a terminal)
 * @param terminal whether {@code err} is an interactive terminal
 * @param stop set by signal handlers to stop at the next batch boundary
 */
public record RunSettings(
        Device device,
        Threads threads,
        boolean quiet,
        PrintWriter out,
        PrintWriter err,
        boolean terminal,
        StopRequest stop) {

    /** Settings with a stop request no one sets. */
    public RunSettings(
            Device device, Threads threads, boolean quiet, PrintWriter out, PrintWriter err, boolean terminal) {
        this(device, threads, quiet, out, err, terminal, new StopRequest());
    }

    /** @return the thread count in use: the choice once made, else the count the engine started with */
    public int threadCount() {
        return threads.choice() != null ? threads.choice().threads() : threads.initial();
    }

    /** @return {@code cpu} or {@code gpu:N} */
    public String deviceName() {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : device.getDeviceType();
    }
}
