package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import genmodels.TestData;
import genmodels.sweep.SweepDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM executor against a real SLURM (scripts/local-slurm.sh starts a single-node one; .ci/run
 * does before the tests): a 4-run array of tiny runs, two at a time; one task is stopped mid-run
 * with SIGTERM and requeued, resumes from its checkpoint and ends with the figures of the same run
 * done without interruption. Skipped, saying why, where sbatch does not answer.
 */
class SlurmSweepTest {

    @TempDir
    Path tmp;

    /** The last failed command's output, for the assertion messages. */
    private static String lastFailure = "";

    /** @return the command's output, or null when it fails or takes over 30 s */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            if (ended && p.exitValue() == 0) {
                return out;
            }
            lastFailure =
                    String.join(" ", command) + (ended ? " exited " + p.exitValue() : " took over 30 s") + ": " + out;
            return null;
        } catch (Exception e) {
            lastFailure = String.join(" ", command) + ": " + e;
            return null;
        }
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier done, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, what + " within " + seconds + " s");
            Thread.sleep(500);
        }
    }

    /** Skips the test, saying why, where sbatch has no node to run on. */
    private static void assumeSlurm() {
        String nodes = run("sinfo", "-h", "-o", "%t");
        assumeTrue(
                nodes != null && nodes.matches("(?s).*\\b(idle|mix|alloc)\\b.*"),
                "no SLURM answering here (sinfo found no usable node): start one with scripts/local-slurm.sh start DIR"
                        + " and export SLURM_CONF");
    }

    @Test
    void aJobArrayWithARequeuedTaskThatResumes() throws Exception {
        assumeSlurm();
        Path base = Files.writeString(
                tmp.resolve("base.yaml"),
                "data:\n  dir: \"" + TestData.mnistSlice() + "\"\n"
                        + "model:\n  hidden: [32]\ntrain:\n  epochs: 40\n  batch_size: 20\n");
        Path out = tmp.resolve("study");
        MainTest.Result submitted = MainTest.run(
                "sweep",
                "train-vae",
                "--config",
                base.toString(),
                "--grid",
                "model.latent_dim=2,4",
                "--seeds",
                "1,2",
                "--executor",
                "slurm",
                "--max-running",
                "2",
                "--cpus-per-task",
                "1",
                "--sbatch=--chdir=" + tmp,
                "--submit",
                "--out",
                out.toString());
        assertEquals(0, submitted.code(), submitted.out() + submitted.err());
        String job = Files.readString(out.resolve("slurm-jobs.txt")).split(" ")[0];
        try {
            stopAndRequeue(out, job, base);
        } finally {
            run("scancel", job); // nothing of the test's job outlives it, and nothing it writes outside tmp:
            waitFor(
                    "the job to leave the queue",
                    () -> { // slurmstepd's last words go to the job's files
                        String q = run("squeue", "-h", "-j", job);
                        return q != null && q.isBlank();
                    },
                    60);
        }
    }

    private void stopAndRequeue(Path out, String job, Path base) throws Exception {
        Path log0 = out.resolve("logs").resolve(job + "_0.out");
        waitFor(
                "task 0 in its fourth epoch",
                () -> {
                    try {
                        return Files.isRegularFile(log0)
                                && Files.readString(log0).contains("epoch   3 |");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                },
                180);
        SweepDirectory sweep = SweepDirectory.open(out);
        // SIGTERM to the batch shell, which passes it to the task; slurmctld may answer "try again later"
        // (scancel exits 229) while still delivering it, so the state decides, and the signal is repeated
        for (int attempt = 0; attempt < 10 && !"stopped".equals(sweep.state(0).state()); attempt++) {
            run("scancel", "--batch", "--signal=TERM", job + "_0");
            for (int i = 0; i < 10 && !"stopped".equals(sweep.state(0).state()); i++) {
                Thread.sleep(500);
            }
        }
        assertEquals("stopped", sweep.state(0).state(), () -> lastFailure + readQuietly(log0));
        waitFor(
                "task 0 to leave the queue",
                () -> {
                    String q = run("squeue", "-h", "-j", job + "_0");
                    return q != null && q.isBlank();
                },
                60);
        assertTrue(run("scontrol", "requeue", job + "_0") != null, () -> lastFailure);
        run("scontrol", "update", "JobId=" + job + "_0", "StartTime=now"); // skip the requeue delay (about 2 min)
        waitFor(
                "the whole array",
                () -> {
                    String q = run("squeue", "-h", "-j", job);
                    return q != null && q.isBlank();
                },
                300);
        List<Map<String, String>> manifest = genmodels.sweep.Manifests.read(sweep);
        for (Map<String, String> row : manifest) {
            assertEquals("done", sweep.state(Integer.parseInt(row.get("index"))).state(), row.toString());
        }
        String log = Files.readString(log0);
        assertTrue(log.contains("sweep-task 0 resumes: genmodels train-vae --resume"), log);
        assertTrue(log.contains("resuming "), log);

        // the same run without interruption, in a second sweep run by hand, ends with the same figures
        Path again = tmp.resolve("again");
        assertEquals(
                0,
                MainTest.run(
                                "sweep",
                                "train-vae",
                                "--config",
                                base.toString(),
                                "--grid",
                                "model.latent_dim=2,4",
                                "--seeds",
                                "1,2",
                                "--executor",
                                "slurm",
                                "--out",
                                again.toString())
                        .code());
        MainTest.Result task = MainTest.run("sweep-task", again.toString(), "--index", "0", "--threads", "1");
        assertEquals(0, task.code(), task.err());
        assertEquals(
                SweepDirectory.open(again).state(0).headline(),
                sweep.state(0).headline(),
                "resumed and uninterrupted runs end with the same test figure");
        assertEquals(0, MainTest.run("sweep", "collect", out.toString()).code());
        assertTrue(Files.isRegularFile(out.resolve("collect.png")));
    }

    /**
     * A task under a two-minute time limit: SLURM's SIGUSR1 before the limit makes it checkpoint and
     * requeue itself, allocation after allocation, until the run is done; it ends with the test
     * figure of the same run done without interruption. SLURM's requeue delay (about two minutes)
     * is skipped by starting each requeued task at once.
     *
     * <p>The timing is bounded: slurmctld checks time limits every 30 s (PERIODIC_TIMEOUT) and sends
     * the signal at the first check within {@code signal-before + 30} s of the limit, so with a
     * 120 s limit and 60 s before it the signal comes 30 to 60 s into each allocation. About 75 s of
     * work therefore needs at least two allocations and at most four, whatever the phase of the
     * checks. (A 60 s limit with the signal 20 s before it came 10 to 40 s in: one CI run needed
     * more allocations than its wait allowed.)
     */
    @Test
    void aTaskAtItsTimeLimitRequeuesItselfUntilItsRunIsDone() throws Exception {
        assumeSlurm();
        // about 75 s of work at one thread (250 epochs took 53 s here): more than one allocation
        Path base = Files.writeString(
                tmp.resolve("long.yaml"),
                "data:\n  dir: \"" + TestData.mnistSlice() + "\"\n"
                        + "model:\n  hidden: [32]\ntrain:\n  epochs: 350\n  batch_size: 20\n");
        Path out = tmp.resolve("limited");
        String[] sweep = {"sweep", "train-vae", "--config", base.toString(), "--seeds", "1", "--executor", "slurm"};
        MainTest.Result submitted = MainTest.run(java.util.stream.Stream.concat(
                        java.util.Arrays.stream(sweep),
                        java.util.stream.Stream.of(
                                "--time=00:02:00",
                                "--signal-before=60",
                                "--cpus-per-task=1",
                                "--sbatch=--chdir=" + tmp,
                                "--submit",
                                "--out",
                                out.toString()))
                .toArray(String[]::new));
        assertEquals(0, submitted.code(), submitted.out() + submitted.err());
        String job = Files.readString(out.resolve("slurm-jobs.txt")).split(" ")[0];
        SweepDirectory limited = SweepDirectory.open(out);
        try {
            // meanwhile the same run without interruption, here
            Path again = tmp.resolve("uninterrupted");
            assertEquals(
                    0,
                    MainTest.run(java.util.stream.Stream.concat(
                                            java.util.Arrays.stream(sweep),
                                            java.util.stream.Stream.of("--out", again.toString()))
                                    .toArray(String[]::new))
                            .code());
            MainTest.Result task = MainTest.run("sweep-task", again.toString(), "--index", "0", "--threads", "1");
            assertEquals(0, task.code(), task.err());
            awaitAcrossAllocations(job, limited, out.resolve("logs").resolve(job + "_0.out"));
            String log = Files.readString(out.resolve("logs").resolve(job + "_0.out"));
            assertEquals("done", limited.state(0).state(), log);
            assertTrue(
                    log.contains("the time limit is near: the task wrote its checkpoint; requeueing " + job + "_0"),
                    log);
            assertTrue(log.contains("restart 1"), log);
            assertTrue(log.contains("sweep-task 0 resumes: genmodels train-vae --resume"), log);
            assertTrue(!log.contains("DUE TO TIME LIMIT"), "no allocation ran out of time: " + log);
            assertEquals(
                    SweepDirectory.open(again).state(0).headline(),
                    limited.state(0).headline(),
                    "the run done across allocations ends with the uninterrupted run's test figure");
        } finally {
            run("scancel", job);
        }
    }

    /**
     * Waits until the limited run is done and its job has left the queue, starting each requeued
     * allocation at once; fails at once, with the log, when the queue is empty for 30 s and the run
     * is not done (it failed, or ran out of time), and after 480 s in any case.
     */
    private static void awaitAcrossAllocations(String job, SweepDirectory limited, Path log) throws Exception {
        long end = System.nanoTime() + 480_000_000_000L;
        long emptySince = -1;
        String q = null;
        String state = "pending";
        long heldSince = -1;
        while (true) {
            q = run("squeue", "-h", "-j", job, "-o", "%i %T %r");
            boolean held = q != null && q.contains("BeginTime");
            heldSince = held ? (heldSince < 0 ? System.nanoTime() : heldSince) : -1;
            // SLURM holds a requeued task back so that its new job credential is issued after the old
            // one was revoked; started within the same second, slurmd refuses it ("Job credential
            // revoked") and the task ends. Wait 3 s, then start it without the rest of the wait.
            if (held && System.nanoTime() - heldSince > 3_000_000_000L) {
                run("scontrol", "update", "JobId=" + job + "_0", "StartTime=now");
            }
            try {
                state = limited.state(0).state();
            } catch (java.io.IOException e) {
                state = "unreadable: " + e.getMessage();
            }
            // the queue can look empty for a moment while a task is requeued: the run's state says
            // when it is done
            boolean empty = q != null && q.isBlank();
            if (empty && "done".equals(state)) {
                return;
            }
            emptySince = empty ? (emptySince < 0 ? System.nanoTime() : emptySince) : -1;
            boolean stuck = emptySince >= 0 && System.nanoTime() - emptySince > 30_000_000_000L;
            if (stuck || System.nanoTime() > end) {
                fail((stuck
                                ? "the job left the queue with the run " + state
                                : "the run not done within 480 s: " + state)
                        + "; squeue: " + q + "; log:\n" + readQuietly(log));
            }
            Thread.sleep(500);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }
}
