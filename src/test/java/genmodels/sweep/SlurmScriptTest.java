package genmodels.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

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
                8);
        List<String> lines = s.lines("/scratch/study");
        assertEquals("#!/bin/bash", lines.get(0));
        for (String expected : List.of(
                "#SBATCH --job-name=genmodels-study",
                "#SBATCH --array=0-11%4",
                "#SBATCH --output=/scratch/study/logs/%A_%a.out",
                "#SBATCH --open-mode=append",
                "#SBATCH --requeue",
                "#SBATCH --signal=B:TERM@120",
                "#SBATCH --gpus=1",
                "#SBATCH --cpus-per-task=8",
                "#SBATCH --mem=16G",
                "#SBATCH --time=02:00:00",
                "#SBATCH --partition=gpu",
                "#SBATCH --account=ml",
                "#SBATCH --constraint=h100",
                "trap 'trapped=1; kill -TERM $task' TERM")) {
            assertTrue(lines.contains(expected), expected + " in\n" + String.join("\n", lines));
        }
        assertTrue(
                lines.contains("/opt/java/bin/java -jar /home/me/genmodels.jar sweep-task /scratch/study --index"
                        + " \"$SLURM_ARRAY_TASK_ID\" --threads 8 &"),
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
                null);
        List<String> lines = s.lines("/d");
        assertTrue(lines.contains("#SBATCH --array=3,7,9"), String.join("\n", lines));
        assertTrue(lines.contains("#SBATCH --gres=gpu:1"));
        assertTrue(
                lines.contains("java -jar '/my jars/it'\\''s.jar' sweep-task /d --index \"$SLURM_ARRAY_TASK_ID\" &"),
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
                                null)
                        .array());
    }
}
