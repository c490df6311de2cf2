package genmodels.sweep;

import genmodels.runs.RunCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a sweep task does with its run directory: nothing when the run finished (its report.html is
 * written only at the end of a successful run), {@code --resume} when a complete checkpoint exists
 * (a preempted or stopped run loses at most the work since it), otherwise a fresh start (a folder
 * left by a start that wrote no checkpoint holds nothing to keep, and is cleared).
 */
public enum TaskPlan {
    DONE,
    RESUME,
    START;

    /** @return the plan for a run directory (which may not exist yet) */
    public static TaskPlan of(Path runDir) throws IOException {
        if (Files.isRegularFile(runDir.resolve("report.html"))) {
            return DONE;
        }
        if (Files.isDirectory(runDir) && RunCheckpoints.newest(runDir).isPresent()) {
            return RESUME;
        }
        return START;
    }
}
