package genmodels.sweep;

import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A sweep's SLURM job array on disk and, when asked, in the queue: the script in the sweep's
 * folder ({@code sweep.sbatch}, or {@code rerun-<ms>.sbatch} for part of the runs), and with
 * {@code --submit} its {@code sbatch --parsable} job id appended to {@code slurm-jobs.txt}.
 */
public final class SlurmSubmission {

    private SlurmSubmission() {}

    /**
     * @param indices the runs the array covers
     * @param submit whether to call sbatch
     * @throws UserError when sbatch fails (its last line said)
     */
    public static void write(
            SweepDirectory dir, List<Integer> indices, SlurmScript script, boolean submit, PrintWriter out)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.root().resolve("logs"));
        Path file = dir.root()
                .resolve(
                        indices.size() == dir.runs().size()
                                ? "sweep.sbatch"
                                : "rerun-" + System.currentTimeMillis() + ".sbatch");
        AtomicFiles.writeString(
                file, String.join("\n", script.lines(dir.root().toAbsolutePath().toString())) + "\n");
        dir.writeManifest();
        if (!submit) {
            out.println("wrote " + file + " (" + indices.size() + " array tasks); submit with: sbatch " + file);
            return;
        }
        Process p = new ProcessBuilder("sbatch", "--parsable", file.toString())
                .redirectErrorStream(true)
                .start();
        String answer = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new UserError("sbatch " + file + " failed: "
                    + answer.lines().reduce((a, b) -> b).orElse(""));
        }
        String jobId = answer.lines().reduce((a, b) -> b).orElse("").split(";")[0];
        Files.writeString(
                dir.root().resolve("slurm-jobs.txt"),
                jobId + " " + file.getFileName() + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        out.println("submitted job " + jobId + " (" + indices.size() + " array tasks, " + file + ")");
    }
}
