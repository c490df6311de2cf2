package genmodels.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The sbatch script of a sweep: one job array, one task per run, each running
 * {@code genmodels sweep-task SWEEP_DIR --index $SLURM_ARRAY_TASK_ID}. Requeueable: SLURM sends
 * SIGTERM to the batch shell 120 s before the time limit or on preemption ({@code --signal=B:TERM@120}),
 * the shell passes it to the task, which checkpoints; a requeued task resumes from that checkpoint.
 * Logs append ({@code --open-mode=append}) so a requeued task's log keeps its earlier attempts.
 *
 * @param jobName the job's name
 * @param indices the runs (array indices)
 * @param maxRunning at most this many at once ({@code %K}), 0 for no limit
 * @param gpus {@code --gpus} (e.g. 1), or null
 * @param gres {@code --gres} (e.g. gpu:1), or null
 * @param cpusPerTask {@code --cpus-per-task}, or null
 * @param mem {@code --mem} (e.g. 8G), or null
 * @param time {@code --time} (e.g. 01:00:00), or null
 * @param partition {@code --partition}, or null
 * @param extra more {@code #SBATCH} options, passed through as given
 * @param launcher how the compute nodes start genmodels: {@code java -jar genmodels.jar}, or
 *     {@code java -cp CLASSPATH genmodels.cli.Main} when running from classes (tests)
 * @param threads each task's --threads (its CPUs), or null for auto
 */
public record SlurmScript(
        String jobName,
        List<Integer> indices,
        int maxRunning,
        String gpus,
        String gres,
        Integer cpusPerTask,
        String mem,
        String time,
        String partition,
        List<String> extra,
        List<String> launcher,
        Integer threads) {

    /** @return the array specification: 0-11%4, or 3,7,9 for reruns */
    String array() {
        boolean contiguous = true;
        for (int i = 1; i < indices.size(); i++) {
            contiguous &= indices.get(i) == indices.get(i - 1) + 1;
        }
        String spec = contiguous && indices.size() > 1
                ? indices.get(0) + "-" + indices.get(indices.size() - 1)
                : indices.stream().map(String::valueOf).collect(Collectors.joining(","));
        return maxRunning > 0 ? spec + "%" + maxRunning : spec;
    }

    /** @return the script's lines */
    public List<String> lines(String sweepDir) {
        List<String> l = new ArrayList<>();
        l.add("#!/bin/bash");
        l.add("#SBATCH --job-name=" + jobName);
        l.add("#SBATCH --array=" + array());
        l.add("#SBATCH --output=" + sweepDir + "/logs/%A_%a.out");
        l.add("#SBATCH --open-mode=append");
        l.add("#SBATCH --requeue");
        l.add("#SBATCH --signal=B:TERM@120");
        if (gpus != null) {
            l.add("#SBATCH --gpus=" + gpus);
        }
        if (gres != null) {
            l.add("#SBATCH --gres=" + gres);
        }
        if (cpusPerTask != null) {
            l.add("#SBATCH --cpus-per-task=" + cpusPerTask);
        }
        if (mem != null) {
            l.add("#SBATCH --mem=" + mem);
        }
        if (time != null) {
            l.add("#SBATCH --time=" + time);
        }
        if (partition != null) {
            l.add("#SBATCH --partition=" + partition);
        }
        for (String option : extra) {
            l.add("#SBATCH " + option);
        }
        l.add("");
        l.add("# SIGTERM (time limit, preemption, scancel) reaches this shell: pass it to the task, which");
        l.add("# writes its checkpoint; a requeued task resumes from it");
        l.add(
                "echo \"task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname), restart ${SLURM_RESTART_COUNT:-0}\"");
        l.add(String.format(
                Locale.ROOT,
                "%s sweep-task %s --index \"$SLURM_ARRAY_TASK_ID\"%s &",
                launcher.stream().map(SlurmScript::quote).collect(Collectors.joining(" ")),
                quote(sweepDir),
                threads == null ? "" : " --threads " + threads));
        l.add("task=$!");
        l.add("trapped=0");
        l.add("trap 'trapped=1; kill -TERM $task' TERM");
        l.add("wait $task");
        l.add("status=$?");
        l.add("if [ $trapped = 1 ]; then wait $task; status=$?; fi # the signal ended the first wait, not the task");
        l.add("exit $status");
        return l;
    }

    /** @return s as one shell word: as it is when it holds only safe characters, else single-quoted */
    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
