package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.TestData;
import genmodels.sweep.SweepDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real local sweep of tiny runs (child JVMs), and the one-line errors of bad sweeps. */
class SweepCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aLocalSweepRunsEveryRunTwoAtATimeThenCollects() throws Exception {
        Path base = Files.writeString(
                tmp.resolve("base.yaml"),
                "data:\n  dir: \"" + TestData.mnistSlice() + "\"\n"
                        + "model:\n  hidden: [32]\ntrain:\n  epochs: 1\n  batch_size: 100\n");
        Path out = tmp.resolve("study");
        MainTest.Result r = MainTest.run(
                "sweep",
                "train-vae",
                "--config",
                base.toString(),
                "--grid",
                "model.latent_dim=2,4",
                "--seeds",
                "1,2",
                "--parallel",
                "2",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("4 of 4 runs done"), r.out());
        List<Map<String, String>> manifest = genmodels.sweep.Manifests.read(SweepDirectory.open(out));
        assertEquals(4, manifest.size());
        for (Map<String, String> row : manifest) {
            assertEquals("done", row.get("state"), row.toString());
            assertTrue(row.get("headline").startsWith("validation.neg_elbo="), row.toString());
            assertTrue(Files.isRegularFile(out.resolve(row.get("run_dir")).resolve("report.html")));
        }
        // the same sweep again continues it: nothing left to run
        MainTest.Result again = MainTest.run(
                "sweep",
                "train-vae",
                "--config",
                base.toString(),
                "--grid",
                "model.latent_dim=2,4",
                "--seeds",
                "1,2",
                "--out",
                out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("every run is done"), again.out());
        // a finished task does nothing
        MainTest.Result task = MainTest.run("sweep-task", out.toString(), "--index", "3");
        assertEquals(0, task.code(), task.err());
        assertTrue(task.out().contains("run 3 already finished"), task.out());

        MainTest.Result status = MainTest.run("sweep", "status", out.toString());
        assertTrue(status.out().contains("4 runs of train-vae; 4 done"), status.out());
        MainTest.Result collect = MainTest.run("sweep", "collect", out.toString());
        assertEquals(0, collect.code(), collect.err());
        assertTrue(Files.readString(out.resolve("collect.md")).contains("Best point by validation_neg_elbo"));
    }

    @Test
    void badSweepsAreOneLineErrorsThatWriteNothing() throws Exception {
        Path out = tmp.resolve("bad");
        String[][] cases = {
            {"--grid", "model.latent_dimm=2,4"},
            {"--grid", "model.latent_dim="},
            {"--grid", "train.epochs=range(5, 1, 1)"},
            {"--grid", "model.latent_dim=2,two"},
        };
        String[] expected = {
            "unknown key 'latent_dimm' in section 'model'",
            "--grid model.latent_dim: no values",
            "range(5, 1, 1) is empty",
            "model.latent_dim must be an integer, found 'two'"
        };
        for (int i = 0; i < cases.length; i++) {
            MainTest.Result r = MainTest.run("sweep", "train-vae", cases[i][0], cases[i][1], "--out", out.toString());
            assertEquals(2, r.code(), String.join(" ", cases[i]));
            assertTrue(r.err().contains(expected[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", cases[i]));
        }
        Path other = tmp.resolve("other");
        assertEquals(
                0,
                MainTest.run(
                                "sweep",
                                "train-vae",
                                "--grid",
                                "model.latent_dim=2",
                                "--out",
                                other.toString(),
                                "--executor",
                                "slurm")
                        .code());
        String sweepYaml = Files.readString(other.resolve("sweep.yaml"));
        MainTest.Result clash = MainTest.run(
                "sweep", "train-vae", "--grid", "model.latent_dim=3", "--out", other.toString(), "--executor", "slurm");
        assertEquals(2, clash.code());
        assertTrue(clash.err().contains("already holds another sweep"), clash.err());
        assertEquals(sweepYaml, Files.readString(other.resolve("sweep.yaml")));
        MainTest.Result dry = MainTest.run(
                "sweep",
                "train-vae",
                "--grid",
                "model.latent_dim=2,3",
                "--seeds",
                "1,2",
                "--dry-run",
                "--out",
                tmp.resolve("dry").toString());
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("dry run: 4 runs of train-vae"), dry.out());
        assertFalse(Files.exists(tmp.resolve("dry")));
    }

    @Test
    void fixedSetKeysReachEveryRunBeforeTheGridAndAreRecorded() throws Exception {
        Path out = tmp.resolve("fixed");
        MainTest.Result r = MainTest.run(
                "sweep",
                "train-vae",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "train.epochs=1",
                "--set",
                "model.hidden=[16]",
                "--grid",
                "model.latent_dim=2,3",
                "--seeds",
                "1",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.readString(out.resolve("sweep.yaml")).contains("train.epochs=1"));
        for (String run : List.of("0000", "0001")) {
            String config = Files.readString(out.resolve("runs").resolve(run).resolve("config.yaml"));
            assertTrue(config.contains("epochs: 1\n") && config.contains("hidden:\n  - 16\n"), config);
            assertTrue(config.contains("latent_dim: " + (run.equals("0000") ? 2 : 3)), config);
        }
        MainTest.Result clash = MainTest.run(
                "sweep",
                "train-vae",
                "--set",
                "model.latent_dim=4",
                "--grid",
                "model.latent_dim=2,3",
                "--out",
                tmp.resolve("clash").toString());
        assertEquals(2, clash.code());
        assertTrue(clash.err().contains("the key is also swept by --grid"), clash.err());
    }

    @Test
    void sweepHelpPrintsNoPicocliWarning() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        MainTest.Result help;
        System.setErr(new java.io.PrintStream(captured, true)); // picocli's tracer writes there
        try {
            help = MainTest.run("sweep", "--help");
        } finally {
            System.setErr(original);
        }
        assertEquals(0, help.code());
        String all = help.out() + help.err() + captured;
        assertFalse(all.contains("WARN"), all);
        assertTrue(
                help.out().replaceAll("\\s+", " ").contains("(--array=...% K)")
                        || help.out().contains("(--array=...%K)"),
                help.out());
    }
}
