package genmodels.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sweep's tasks on this machine, {@code parallel} at a time, each as its own JVM running
 * {@code genmodels sweep task SWEEP_DIR --index I} (the same task a SLURM array runs), its output
 * in {@code logs/local-NNNN.log}. On SIGINT or SIGTERM no new task starts and the running ones get
 * SIGTERM: each writes its checkpoint and exits, and its state says stopped; the manifest is
 * rewritten before this process ends.
 */
public final class LocalExecutor {

    private final SweepDirectory dir;
    private final int parallel;
    private final int threadsPerRun;
    private final PrintWriter out;
    private final Map<Integer, Process> running = new LinkedHashMap<>();
    private volatile boolean stopping;

    /**
     * @param dir the sweep
     * @param parallel tasks at once
     * @param threadsPerRun each run's --threads
     * @param out where each task's end is reported
     */
    public LocalExecutor(SweepDirectory dir, int parallel, int threadsPerRun, PrintWriter out) {
        this.dir = dir;
        this.parallel = parallel;
        this.threadsPerRun = threadsPerRun;
        this.out = out;
    }

    /** @return the command that runs task {@code index} in a new JVM, with this JVM's java and class path */
    List<String> taskCommand(int index) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "genmodels.cli.Main",
                "sweep",
                "task",
                dir.root().toString(),
                "--index",
                Integer.toString(index),
                "--threads",
                Integer.toString(threadsPerRun));
    }

    /**
     * Runs the given tasks and returns when all have ended, or after a stop once the running ones have.
     *
     * @param indices the runs to execute, in order
     * @return how many ended other than done
     */
    public int run(List<Integer> indices) throws IOException, InterruptedException {
        Deque<Integer> queue = new ArrayDeque<>(indices);
        Files.createDirectories(dir.root().resolve("logs"));
        Thread hook = new Thread(this::stopChildren, "sweep-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int notDone = 0;
        try {
            while (!queue.isEmpty() || !running.isEmpty()) {
                startWhileRoom(queue);
                notDone += reapFinished();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
        dir.writeManifest();
        return notDone;
    }

    /** Starts queued runs while fewer than {@code parallel} run (none once stopping). */
    private void startWhileRoom(Deque<Integer> queue) throws IOException {
        synchronized (running) {
            while (!stopping && !queue.isEmpty() && running.size() < parallel) {
                int index = queue.poll();
                Path log = dir.root().resolve("logs").resolve(String.format(Locale.ROOT, "local-%04d.log", index));
                Process p = new ProcessBuilder(taskCommand(index))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
                running.put(index, p);
                out.printf(
                        Locale.ROOT,
                        "run %d started: %s%n",
                        index,
                        String.join(" ", dir.spec().setsOf(dir.runs().get(index))));
                out.flush();
            }
            if (stopping) {
                queue.clear();
            }
        }
    }

    /** Waits briefly on each running child; reports those that ended; returns how many of them did not finish. */
    private int reapFinished() throws IOException, InterruptedException {
        int notDone = 0;
        for (Map.Entry<Integer, Process> e : new ArrayList<>(running.entrySet())) {
            if (e.getValue().waitFor(200, TimeUnit.MILLISECONDS)) {
                synchronized (running) {
                    running.remove(e.getKey());
                }
                SweepDirectory.RunState s = dir.state(e.getKey());
                if (!"done".equals(s.state())) {
                    notDone++;
                }
                out.printf(
                        Locale.ROOT,
                        "run %d %s (exit %d)%s%n",
                        e.getKey(),
                        s.state(),
                        e.getValue().exitValue(),
                        s.headline() == null
                                ? ""
                                : ": " + s.headlineKey() + " " + SweepDirectory.formatNumber(s.headline()));
                out.flush();
                dir.writeManifest();
            }
        }
        return notDone;
    }

    /** SIGTERM to every running task, then wait for their checkpoints, then the manifest. */
    private void stopChildren() {
        stopping = true;
        List<Process> live;
        synchronized (running) {
            live = new ArrayList<>(running.values());
        }
        live.forEach(Process::destroy); // SIGTERM: each task checkpoints and exits
        for (Process p : live) {
            try {
                p.waitFor(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            dir.writeManifest();
        } catch (IOException e) {
            // the state files still hold every run's state; sweep status rewrites the manifest
        }
    }
}
