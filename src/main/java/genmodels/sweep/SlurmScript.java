package genmodels.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The sbatch script of a sweep: one job array, one task per run, each running
 * {@code genmodels sweep task SWEEP_DIR --index $SLURM_ARRAY_TASK_ID}. Two ways a task ends early:
 *
 * <ul>
 *   <li>The time limit: SLURM sends SIGUSR1 to the batch shell {@code signalBefore} seconds before
 *       it ({@code --signal=B:USR1@S}; SLURM may send it up to a minute earlier). The shell passes
 *       SIGTERM to the task, which writes a checkpoint after its current batch and exits with 143;
 *       then the shell requeues its own array element ({@code scontrol requeue JOB_TASK}), which
 *       SLURM starts again after its requeue delay (about two minutes), and the task resumes from
 *       the checkpoint. SLURM's own {@code --requeue} does not cover the time limit.
 *   <li>Preemption, node failure or {@code scancel --signal=TERM}: SIGTERM, passed on the same way;
 *       the shell does not requeue (SLURM does on preemption and node failure, with
 *       {@code --requeue}).
 * </ul>
 *
 * Logs append ({@code --open-mode=append}) so a requeued task's log keeps its earlier attempts.
 * A task given GPUs ({@code --gpus}, or a {@code --gres} naming gpu) runs with {@code --device gpu}.
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
 * @param signalBefore seconds before the time limit at which the task checkpoints and requeues itself
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
        Integer threads,
        int signalBefore) {

    private static final Pattern TIME = Pattern.compile("(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?");

    /** The default of {@code signalBefore}: two minutes, time for a checkpoint of a large model. */
    public static final int DEFAULT_SIGNAL_BEFORE = 120;

    /** @return whether the tasks are given GPUs, so run with {@code --device gpu} */
    boolean usesGpu() {
        return gpus != null || (gres != null && gres.toLowerCase(Locale.ROOT).contains("gpu"));
    }

    /**
     * SLURM's {@code --time} in seconds: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS
     * (sbatch(1), "--time").
     *
     * @param time the option's value
     * @return its seconds, or -1 when it is none of those forms (SLURM then says what is wrong)
     */
    public static long timeSeconds(String time) {
        Matcher m = TIME.matcher(time.trim());
        if (!m.matches()) {
            return -1;
        }
        long[] parts = new long[4];
        int count = 0;
        for (int g = 2; g <= 4; g++) {
            if (m.group(g) != null) {
                parts[count++] = Long.parseLong(m.group(g));
            }
        }
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        if (m.group(1) != null) { // D-HH, D-HH:MM, D-HH:MM:SS
            return days * 86_400 + parts[0] * 3600 + parts[1] * 60 + parts[2];
        }
        return switch (count) { // MM, MM:SS, HH:MM:SS
            case 1 -> parts[0] * 60;
            case 2 -> parts[0] * 60 + parts[1];
            default -> parts[0] * 3600 + parts[1] * 60 + parts[2];
        };
    }

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

    /** @return the script's lines: the #SBATCH header, then the task with its signal handling */
    public List<String> lines(String sweepDir) {
        List<String> l = header(sweepDir);
        l.addAll(body(sweepDir));
        return l;
    }

    /** @return the shebang and the #SBATCH options */
    private List<String> header(String sweepDir) {
        List<String> l = new ArrayList<>();
        l.add("#!/bin/bash");
        l.add("#SBATCH --job-name=" + jobName);
        l.add("#SBATCH --array=" + array());
        l.add("#SBATCH --output=" + sweepDir + "/logs/%A_%a.out");
        l.add("#SBATCH --open-mode=append");
        l.add("#SBATCH --requeue");
        l.add("#SBATCH --signal=B:USR1@" + signalBefore);
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
        return l;
    }

    /** @return the task in the background, the traps that pass SIGTERM to it, and the requeue near the limit */
    private List<String> body(String sweepDir) {
        List<String> l = new ArrayList<>();
        l.add("");
        l.add("# SIGUSR1 (the time limit is near) and SIGTERM (preemption, scancel) reach this shell: pass");
        l.add("# SIGTERM to the task, which writes its checkpoint; before the time limit, requeue this task");
        l.add(
                "echo \"task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname), restart ${SLURM_RESTART_COUNT:-0}, at $(date +%FT%T)\"");
        l.add(String.format(
                Locale.ROOT,
                "%s sweep task %s --index \"$SLURM_ARRAY_TASK_ID\"%s%s &",
                launcher.stream().map(SlurmScript::quote).collect(Collectors.joining(" ")),
                quote(sweepDir),
                threads == null ? "" : " --threads " + threads,
                usesGpu() ? " --device gpu" : ""));
        l.add("task=$!");
        l.add("signal=none");
        l.add("trap 'signal=USR1; kill -TERM $task' USR1");
        l.add("trap 'signal=TERM; kill -TERM $task' TERM");
        l.add("wait $task");
        l.add("status=$?");
        l.add("if [ $signal != none ]; then wait $task; status=$?; fi # the signal ended the first wait, not the task");
        l.add("if [ $signal = USR1 ] && [ $status = 143 ]; then");
        l.add("  element=\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"");
        l.add(
                "  echo \"the time limit is near: the task wrote its checkpoint; requeueing $element to resume it (at $(date +%FT%T))\"");
        l.add("  scontrol requeue \"$element\" && exit 0");
        l.add("  echo \"scontrol requeue $element failed: resume it with genmodels sweep status " + sweepDir
                + " --rerun-failed\"");
        l.add("fi");
        l.add("exit $status");
        return l;
    }

    /** @return s as one shell word: as it is when it holds only safe characters, else single-quoted */
    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
