package genmodels.cli;

import genmodels.train.StopRequest;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) during training: the first asks the loop to stop after the current
 * batch and write a checkpoint (the process then exits with 143 or 130); a second one exits at
 * once, which the atomic checkpoint writes make safe.
 */
final class Signals {

    private Signals() {}

    /** Routes SIGTERM and SIGINT to {@code stop}; harmless where signals cannot be handled. */
    static void stopOn(StopRequest stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (!stop.request(signal.getNumber())) {
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }
                    System.err.println();
                    System.err.println("SIG" + name + ": finishing the current batch, then writing a checkpoint"
                            + " (again to quit at once)");
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this platform does not let the JVM handle the signal: it keeps its default
            }
        }
    }
}
