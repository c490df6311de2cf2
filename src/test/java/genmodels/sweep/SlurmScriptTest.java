package genmodels.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmScriptTest {

    @Test
    void oneArrayTaskPerRunRequeueableWithTheSignalPassedOn() {
        SlurmScript s = new SlurmScript(
                "genmodels-study",
                List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
                4,
                "1",
                null,
                8,
                "16G",
                "02:00:00",
                "gpu",
                List.of("--account=ml", "--constraint=h100"),
                List.of("/opt/java/bin/java", "-jar", "/home/me/genmodels.jar"),
                8,
                SlurmScript.DEFAULT_SIGNAL_BEFORE);
        List<String> lines = s.lines("/scratch/study");
        assertEquals("#!/bin/bash", lines.get(0));
        for (String expected : List.of(
                "#SBATCH --job-name=genmodels-study",
                "#SBATCH --array=0-11%4",
                "#SBATCH --output=/scratch/study/logs/%A_%a.out",
                "#SBATCH --open-mode=append",
                "#SBATCH --requeue",
                "#SBATCH --signal=B:USR1@120",
                "#SBATCH --gpus=1",
                "#SBATCH --cpus-per-task=8",
                "#SBATCH --mem=16G",
                "#SBATCH --time=02:00:00",
                "#SBATCH --partition=gpu",
                "#SBATCH --account=ml",
                "#SBATCH --constraint=h100",
                "trap 'signal=USR1; kill -TERM $task' USR1",
                "trap 'signal=TERM; kill -TERM $task' TERM")) {
            assertTrue(lines.contains(expected), expected + " in\n" + String.join("\n", lines));
        }
        assertTrue(
                lines.contains("/opt/java/bin/java -jar /home/me/genmodels.jar sweep task /scratch/study --index"
                        + " \"$SLURM_ARRAY_TASK_ID\" --threads 8 --device gpu &"),
                String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("#SBATCH --gres")), "no --gres unless asked");
        assertEquals("exit $status", lines.get(lines.size() - 1));
    }

    @Test
    void rerunsListTheirIndicesAndPathsAreQuoted() {
        SlurmScript s = new SlurmScript(
                "g",
                List.of(3, 7, 9),
                0,
                null,
                "gpu:1",
                null,
                null,
                null,
                null,
                List.of(),
                List.of("java", "-jar", "/my jars/it's.jar"),
                null,
                30);
        List<String> lines = s.lines("/d");
        assertTrue(lines.contains("#SBATCH --array=3,7,9"), String.join("\n", lines));
        assertTrue(lines.contains("#SBATCH --gres=gpu:1"));
        assertTrue(
                lines.contains("java -jar '/my jars/it'\\''s.jar' sweep task /d --index \"$SLURM_ARRAY_TASK_ID\""
                        + " --device gpu &"),
                String.join("\n", lines));
        assertEquals(
                "5",
                new SlurmScript(
                                "g",
                                List.of(5),
                                0,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                List.of(),
                                List.of("java", "-jar", "j"),
                                null,
                                30)
                        .array());
    }

    @Test
    void slurmTimesReadInSeconds() {
        assertEquals(60, SlurmScript.timeSeconds("1"));
        assertEquals(90, SlurmScript.timeSeconds("1:30"));
        assertEquals(7200, SlurmScript.timeSeconds("02:00:00"));
        assertEquals(86_400 + 3 * 3600, SlurmScript.timeSeconds("1-3"));
        assertEquals(2 * 86_400 + 3600 + 5 * 60, SlurmScript.timeSeconds("2-01:05"));
        assertEquals(86_400 + 7, SlurmScript.timeSeconds("1-00:00:07"));
        assertEquals(-1, SlurmScript.timeSeconds("one hour"));
    }

    @TempDir
    Path tmp;

    /**
     * Runs the script's shell part under bash with a stand-in task (waits for SIGTERM, then exits
     * 143 as genmodels does after its checkpoint) and a stand-in scontrol that records its
     * arguments; sends the batch shell {@code signal} once the task runs.
     *
     * @return the shell's exit code and what scontrol was asked, "" when it was not called
     */
    private String[] runShell(String signal) throws Exception {
        Path task = Files.writeString(
                tmp.resolve("task.sh"),
                "trap 'echo stopped >> " + tmp + "/task.log; exit 143' TERM\n"
                        + "echo running >> " + tmp + "/task.log\n"
                        + "for i in $(seq 1 300); do sleep 0.1; done\nexit 0\n");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path scontrol =
                Files.writeString(bin.resolve("scontrol"), "#!/bin/sh\necho \"$@\" > " + tmp + "/scontrol.txt\n");
        scontrol.toFile().setExecutable(true);
        SlurmScript s = new SlurmScript(
                "g",
                List.of(3),
                0,
                null,
                null,
                null,
                null,
                "1",
                null,
                List.of(),
                List.of("bash", task.toString()),
                null,
                20);
        Path script = Files.writeString(tmp.resolve("job.sbatch"), String.join("\n", s.lines(tmp.toString())) + "\n");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("SLURM_ARRAY_JOB_ID", "7");
        pb.environment().put("SLURM_ARRAY_TASK_ID", "3");
        Process shell = pb.start();
        Path log = tmp.resolve("task.log");
        for (int i = 0; i < 100 && !(Files.exists(log) && Files.readString(log).contains("running")); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(300); // the traps are set right after the task starts
        new ProcessBuilder("kill", "-" + signal, Long.toString(shell.pid()))
                .start()
                .waitFor();
        String output = new String(shell.getInputStream().readAllBytes());
        assertTrue(shell.waitFor(30, TimeUnit.SECONDS), output);
        assertTrue(Files.readString(log).contains("stopped"), "the task got SIGTERM: " + output);
        Path asked = tmp.resolve("scontrol.txt");
        return new String[] {
            Integer.toString(shell.exitValue()),
            Files.exists(asked) ? Files.readString(asked).trim() : "",
            output
        };
    }

    @Test
    void nearTheTimeLimitTheTaskCheckpointsAndTheShellRequeuesItsOwnArrayElement() throws Exception {
        String[] r = runShell("USR1");
        assertEquals("requeue 7_3", r[1], r[2]);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("the time limit is near: the task wrote its checkpoint; requeueing 7_3"), r[2]);
    }

    @Test
    void onSigtermTheTaskCheckpointsAndTheShellDoesNotRequeue() throws Exception {
        String[] r = runShell("TERM");
        assertEquals("", r[1], "scontrol not called: " + r[2]);
        assertEquals("143", r[0], r[2]);
    }
}
