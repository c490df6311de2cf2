package genmodels.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.errors.UserError;
import genmodels.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepDirectoryTest {

    @TempDir
    Path tmp;

    static SweepSpec spec() {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        grid.put("model.latent_dim", List.of("2", "10"));
        grid.put("model.hidden", List.of("[400]", "[200, 100]"));
        return new SweepSpec("train-vae", "train:\n  epochs: 2\n", grid, List.of(1, 2), null);
    }

    @Test
    void specAndManifestRoundTrip() throws Exception {
        Path root = tmp.resolve("study");
        SweepDirectory dir = SweepDirectory.create(root, spec());
        assertEquals("train:\n  epochs: 2\n", Files.readString(root.resolve("base.yaml")));
        SweepDirectory reopened = SweepDirectory.open(root);
        assertEquals(spec(), reopened.spec(), "sweep.yaml gives back the spec, quoted values included");
        assertEquals(8, reopened.runs().size());
        assertEquals(dir.runs(), reopened.runs());

        reopened.writeState(new SweepDirectory.RunState(3, "done", 0, "neg_elbo", 105.73, null));
        reopened.writeState(
                new SweepDirectory.RunState(5, "failed", 2, null, null, "error: model.hidden, quoted, \"x\""));
        reopened.writeManifest();
        List<Map<String, String>> rows = Manifests.read(reopened);
        assertEquals(8, rows.size());
        assertEquals(
                "model.latent_dim=2 model.hidden=[200, 100] train.seed=2",
                rows.get(3).get("overrides"));
        assertEquals("runs/0003", rows.get(3).get("run_dir"));
        assertEquals("done", rows.get(3).get("state"));
        assertEquals("0", rows.get(3).get("exit_code"));
        assertEquals("neg_elbo=105.730", rows.get(3).get("headline"));
        assertEquals("failed", rows.get(5).get("state"));
        assertEquals("pending", rows.get(0).get("state"));
        assertEquals("", rows.get(0).get("exit_code"));
        assertEquals("error: model.hidden, quoted, \"x\"", reopened.state(5).error());
    }

    @Test
    void aFolderWithAnotherSweepOrOtherFilesIsRefusedAndTheSameSweepContinues() throws Exception {
        Path root = tmp.resolve("study");
        SweepDirectory.create(root, spec());
        String before = Files.readString(root.resolve("sweep.yaml"));
        SweepDirectory again = SweepDirectory.create(root, spec());
        assertEquals(8, again.runs().size());
        Map<String, List<String>> other = new LinkedHashMap<>(spec().grid());
        other.put("model.latent_dim", List.of("2", "20"));
        UserError e = assertThrows(
                UserError.class,
                () -> SweepDirectory.create(
                        root, new SweepSpec("train-vae", "train:\n  epochs: 2\n", other, List.of(1, 2), null)));
        assertTrue(e.getMessage().contains("already holds another sweep"), e.getMessage());
        assertEquals(before, Files.readString(root.resolve("sweep.yaml")), "nothing rewritten");
        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        assertThrows(UserError.class, () -> SweepDirectory.create(busy, spec()));
        assertFalse(Files.exists(busy.resolve("sweep.yaml")));
    }

    @Test
    void aSweepFileReadsItsGridRangesSeedsAndInlineBase() throws Exception {
        Path file = tmp.resolve("study.yaml");
        Files.writeString(file, """
                command: train-vae
                base:
                  train: {epochs: 2}
                grid:
                  model.latent_dim: [2, 10, 20]
                  train.optimizer.lr: range(0.001, 0.003, 0.001)
                  model.hidden: [[400], [200, 100]]
                seeds: [1, 2]
                random:
                  samples: 2
                  seed: 3
                  params:
                    model.beta: uniform(0.5, 2)
                """);
        SweepSpec spec = SweepDirectory.readSweepFile(file);
        assertEquals(List.of("2", "10", "20"), spec.grid().get("model.latent_dim"));
        assertEquals(List.of("0.001", "0.002"), spec.grid().get("train.optimizer.lr"));
        assertEquals(List.of("[400]", "[200,100]"), spec.grid().get("model.hidden"));
        assertEquals(3 * 2 * 2 * 2 * 2, spec.runs().size());
        assertTrue(Json.mapper()
                .readTree(spec.baseConfig().replace("train:\n  epochs: 2", "{\"train\": {\"epochs\": 2}}"))
                .has("train"));
    }

    @Test
    void theTaskStartsResumesOrLeavesAFinishedRun() throws Exception {
        Path run = tmp.resolve("runs/0000");
        assertEquals(TaskPlan.START, TaskPlan.of(run), "never started");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.yaml"), "x");
        assertEquals(TaskPlan.START, TaskPlan.of(run), "started, no checkpoint: start again");
        Path checkpoint = Files.createDirectories(run.resolve("checkpoints/epoch-0001"));
        Files.writeString(checkpoint.resolve("state.json"), "{}");
        assertEquals(TaskPlan.RESUME, TaskPlan.of(run), "a complete checkpoint: resume");
        Files.writeString(run.resolve("report.html"), "<html></html>");
        assertEquals(TaskPlan.DONE, TaskPlan.of(run), "finished");
    }
}
