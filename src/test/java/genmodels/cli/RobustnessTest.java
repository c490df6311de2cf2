package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.TestData;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import genmodels.runs.RunCheckpoints;
import genmodels.runs.TrainingRun;
import genmodels.train.RunSettings;
import genmodels.train.StopRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that survive: resume, interruption, truncated checkpoints, divergence, early stopping, dry runs. */
class RobustnessTest {

    @TempDir
    Path dir;

    private static final List<String> SMALL = List.of(
            "data.dir=" + TestData.mnistSlice(), "model.hidden=[64]", "model.latent_dim=4", "train.batch_size=100");

    private static List<String> sets(String... more) {
        List<String> all = new ArrayList<>(SMALL);
        all.addAll(List.of(more));
        return all;
    }

    private static MainTest.Result train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train-vae", "-q", "--threads", "1", "--out", out.toString()));
        for (String s : sets(more)) {
            args.add("--set");
            args.add(s);
        }
        return MainTest.run(args.toArray(String[]::new));
    }

    private static MainTest.Result resume(Path run, String... sets) {
        List<String> args = new ArrayList<>(List.of("train-vae", "-q", "--threads", "1", "--resume", run.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return MainTest.run(args.toArray(String[]::new));
    }

    /** Runs in-process with a stop already requested: the loop stops after the first batch. */
    private static int trainInterruptedAfterOneBatch(Path out, int epochs, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(List.of("train.epochs=" + epochs, "output.dir=" + out));
        RunConfig<VaeConfig> config =
                ConfigLoader.load("vae-mnist.yaml", null, sets(all.toArray(String[]::new)), VaeConfig.class);
        StopRequest stop = new StopRequest();
        stop.request(15);
        RunSettings settings = new RunSettings(
                Device.cpu(),
                genmodels.engine.Threads.parse("1"),
                true,
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                false,
                stop);
        return TrainingRun.run(
                "train-vae",
                config,
                pixels -> new VariationalAutoencoder(config.model(), pixels),
                settings,
                null,
                false);
    }

    @Test
    void resumingMidEpochOrAtAnEpochBoundaryGivesTheUninterruptedRunExactly() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, train(whole, "train.epochs=2").code());

        Path mid = dir.resolve("mid");
        assertEquals(143, trainInterruptedAfterOneBatch(mid, 2));
        try (Stream<Path> cps = Files.list(mid.resolve("checkpoints"))) {
            assertEquals(
                    List.of("epoch-0001-batch-00001"),
                    cps.map(p -> p.getFileName().toString()).toList());
        }
        MainTest.Result r = resume(mid);
        assertEquals(0, r.code(), r.err());

        Path boundary = dir.resolve("boundary");
        assertEquals(0, train(boundary, "train.epochs=1").code());
        MainTest.Result b = resume(boundary, "train.epochs=2");
        assertEquals(0, b.code(), b.err());

        List<String> expected = metricsWithoutTimes(whole);
        assertEquals(expected, metricsWithoutTimes(mid));
        assertEquals(expected, metricsWithoutTimes(boundary));
        assertArrayEquals(
                Files.readAllBytes(whole.resolve("model.params")), Files.readAllBytes(mid.resolve("model.params")));
        assertArrayEquals(
                Files.readAllBytes(whole.resolve("model.params")),
                Files.readAllBytes(boundary.resolve("model.params")));
    }

    /** Cosine with warm-up, a weight average, accumulation and crops: every part of the recipe that has state. */
    private static final String[] RECIPE = {
        "train.lr_schedule.name=cosine",
        "train.lr_schedule.warmup_steps=3",
        "train.lr_schedule.min_lr=1.0e-5",
        "train.ema.decay=0.9",
        "train.accumulate=2",
        "train.batch_size=50",
        "data.augment=[crop]"
    };

    @Test
    void resumingMidEpochWithTheWholeRecipeOnGivesTheUninterruptedRunExactly() throws Exception {
        Path whole = dir.resolve("whole");
        List<String> wholeSets = new ArrayList<>(List.of(RECIPE));
        wholeSets.add("train.epochs=2");
        assertEquals(0, train(whole, wholeSets.toArray(String[]::new)).code());

        Path mid = dir.resolve("mid");
        assertEquals(143, trainInterruptedAfterOneBatch(mid, 2, RECIPE));
        assertTrue(Files.isRegularFile(mid.resolve("checkpoints/epoch-0001-batch-00001/ema.params")));
        MainTest.Result r = resume(mid);
        assertEquals(0, r.code(), r.err());

        assertEquals(metricsWithoutTimes(whole), metricsWithoutTimes(mid));
        for (String file : List.of("model.params", "model-ema.params")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(mid.resolve(file)), file);
        }
        assertFalse(
                java.util.Arrays.equals(
                        Files.readAllBytes(whole.resolve("model.params")),
                        Files.readAllBytes(whole.resolve("model-ema.params"))),
                "the average is not the trained weights");
        List<String> csv = Files.readAllLines(whole.resolve("metrics.csv"));
        assertTrue(csv.get(0).contains(",lr,"), csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("2,test_raw,")), "the trained weights' figures too");
    }

    @Test
    void aRecipeChangedInConfigYamlIsRefusedOnResumeUnlessSetOnPurpose() throws Exception {
        Path run = dir.resolve("edited");
        assertEquals(0, train(run, "train.epochs=1").code());
        Path yaml = run.resolve("config.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("decay: 0.0", "decay: 0.99"));
        MainTest.Result edited = resume(run, "train.epochs=2");
        assertEquals(2, edited.code());
        assertTrue(
                edited.err()
                        .contains("train.ema is {\"decay\":0.99,\"warmup\":true} in config.yaml but"
                                + " {\"decay\":0.0,\"warmup\":true} in the checkpoint epoch-0001"),
                edited.err());
        MainTest.Result onPurpose = resume(run, "train.epochs=2", "train.ema.decay=0.99");
        assertEquals(0, onPurpose.code(), onPurpose.err());
        assertTrue(Files.isRegularFile(run.resolve("model-ema.params")), "the average starts at the resumed weights");
        MainTest.Result accumulation = resume(run, "train.epochs=3", "train.accumulate=2");
        assertEquals(2, accumulation.code());
        assertTrue(accumulation.err().contains("accepts --set only for"), accumulation.err());
    }

    private static List<String> metricsWithoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> String.join(",", java.util.Arrays.copyOf(l.split(",", -1), 5)))
                .toList();
    }

    @Test
    void sigtermToAChildProcessLeavesALoadableCheckpointAndExit143() throws Exception {
        Path out = dir.resolve("child");
        Process child = startChild(out, dir.resolve("child.log"), "train.epochs=10000");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(out.resolve("checkpoints").resolve("epoch-0002")) && System.nanoTime() < deadline) {
                assertTrue(child.isAlive(), () -> "the child ended early: " + log());
                Thread.sleep(100);
            }
            Thread.sleep(150); // into the next epoch
            child.destroy(); // SIGTERM on Unix
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child stopped");
            assertEquals(143, child.exitValue(), log());
        } finally {
            child.destroyForcibly();
        }
        assertTrue(log().contains("continue with: genmodels train-vae --resume"), log());
        assertTrue(restoreNewest(out) >= 2);
    }

    /** Starts train-vae on the slice in a child JVM with this test's classpath. */
    private static Process startChild(Path out, Path log, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "genmodels.cli.Main",
                "train-vae",
                "-q",
                "--threads",
                "1",
                "--out",
                out.toString()));
        for (String s : sets(more)) {
            command.add("--set");
            command.add(s);
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Restores the run's newest complete checkpoint into a fresh model; returns the epoch it resumes. */
    private static int restoreNewest(Path run) {
        Path newest = RunCheckpoints.newest(run).orElseThrow();
        RunConfig<VaeConfig> config =
                ConfigLoader.load("vae-mnist.yaml", run.resolve("config.yaml"), List.of(), VaeConfig.class);
        try (NDManager m = NDManager.newBaseManager()) {
            VariationalAutoencoder vae = new VariationalAutoencoder(config.model(), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            genmodels.train.Optimizers adam =
                    genmodels.train.Optimizers.forModel(vae, config.train().optimizer(), m);
            return RunCheckpoints.restore(newest, vae, adam, m).epoch();
        }
    }

    @Test
    void killMinusNineAtAnyMomentLeavesTheNewestCompleteCheckpointLoadable() throws Exception {
        Path out = dir.resolve("killed");
        Process child = startChild(out, dir.resolve("killed.log"), "train.epochs=10000", "output.keep_checkpoints=1");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(out.resolve("checkpoints").resolve("epoch-0001")) && System.nanoTime() < deadline) {
                assertTrue(child.isAlive(), "the child ended early");
                Thread.sleep(20);
            }
            // anywhere in the following epochs, checkpoint writes included; seeded, so a failure repeats
            Thread.sleep(new Random(KILL_SEED).nextInt(1500));
            child.destroyForcibly(); // SIGKILL: no handler runs
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        int next = restoreNewest(out);
        assertTrue(next >= 2, "resumes at epoch " + next);
        // the newest checkpoint holds exactly the weights of an uninterrupted run of next - 1 epochs
        Path newest = RunCheckpoints.newest(out).orElseThrow();
        Path straight = dir.resolve("straight");
        assertEquals(
                0,
                train(straight, "train.epochs=" + (next - 1), "output.keep_checkpoints=1")
                        .code());
        assertArrayEquals(
                Files.readAllBytes(straight.resolve("model.params")),
                Files.readAllBytes(newest.resolve("model.params")),
                "kill seed " + KILL_SEED + ": epoch " + (next - 1) + " weights differ from an uninterrupted run's");
        MainTest.Result r = resume(out, "train.epochs=" + next);
        assertEquals(0, r.code(), r.err());
    }

    /** Seeds the moment of the kill -9. */
    private static final long KILL_SEED = 20261123;

    private String log() {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Test
    void aCheckpointTruncatedAnywhereIsRejectedCleanly() throws Exception {
        Path run = dir.resolve("trunc");
        assertEquals(0, train(run, "train.epochs=1").code());
        Path good = run.resolve("checkpoints").resolve("epoch-0001");
        RunConfig<VaeConfig> config =
                ConfigLoader.load("vae-mnist.yaml", run.resolve("config.yaml"), List.of(), VaeConfig.class);
        Random random = new Random(5);
        int cases = 0;
        for (String file : List.of("model.params", "optimizer.params", "state.json")) {
            byte[] bytes = Files.readAllBytes(good.resolve(file));
            for (int i = 0; i < 12; i++) {
                int cut = i == 0 ? 0 : random.nextInt(bytes.length);
                Path damaged = dir.resolve("damaged-" + file + "-" + i);
                copyTree(good, damaged);
                Files.write(damaged.resolve(file), java.util.Arrays.copyOf(bytes, cut));
                try (NDManager m = NDManager.newBaseManager()) {
                    VariationalAutoencoder vae = new VariationalAutoencoder(config.model(), ImageSpec.MNIST);
                    vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
                    genmodels.train.Optimizers adam = genmodels.train.Optimizers.forModel(
                            vae, config.train().optimizer(), m);
                    UserError e = assertThrows(
                            UserError.class,
                            () -> RunCheckpoints.restore(damaged, vae, adam, m),
                            file + " cut at " + cut);
                    assertFalse(e.getMessage().contains("\n"), e.getMessage());
                    cases++;
                }
            }
        }
        assertEquals(36, cases);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void aHugeLearningRateStopsWithTheDivergenceMessageAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = dir.resolve("diverge");
        assertEquals(0, train(run, "train.epochs=1").code());
        byte[] before = Files.readAllBytes(run.resolve("checkpoints/epoch-0001/model.params"));
        MainTest.Result r = resume(run, "train.epochs=4", "train.optimizer.lr=10");
        assertEquals(2, r.code(), r.err() + r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("training diverged at epoch "), r.err());
        assertTrue(r.err().contains("became NaN or infinite"), r.err());
        assertTrue(
                r.err()
                        .contains("the last good checkpoint is "
                                + run.resolve("checkpoints").resolve("epoch-0001")),
                r.err());
        assertTrue(r.err().contains("lower train.optimizer.lr (now 10.0), set train.grad_clip"), r.err());
        assertArrayEquals(before, Files.readAllBytes(run.resolve("checkpoints/epoch-0001/model.params")));
        try (Stream<Path> cps = Files.list(run.resolve("checkpoints"))) {
            assertTrue(
                    cps.allMatch(p -> p.getFileName().toString().startsWith("epoch-0001")), "nothing written after it");
        }
    }

    @Test
    void earlyStoppingKeepsTheBestModel() throws IOException {
        Path run = dir.resolve("early");
        MainTest.Result r = train(
                run,
                "train.epochs=20",
                "data.validation=200",
                "train.early_stopping={patience: 1, min_delta: 1000000}");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("stopped early after epoch 2"), r.out());
        assertTrue(Files.exists(run.resolve("best/model.params")));
        String best = Files.readString(run.resolve("best/state.json"));
        assertTrue(best.contains("\"best_epoch\" : 1"), best);
        MainTest.Result noValidation =
                train(dir.resolve("early2"), "data.validation=0", "train.early_stopping={patience: 2, min_delta: 0}");
        assertEquals(2, noValidation.code());
        assertTrue(
                noValidation.err().contains("train.early_stopping watches the validation split"), noValidation.err());
    }

    @Test
    void dryRunChecksEverythingAndWritesNothing() {
        Path out = dir.resolve("dry");
        MainTest.Result ok = MainTest.run(
                "train-vae",
                "--dry-run",
                "--threads",
                "1",
                "--out",
                out.toString(),
                "--set",
                "data.dir=" + TestData.mnistSlice());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("latent_dim: 20") && ok.out().contains("dry run:"), ok.out());
        assertFalse(Files.exists(out));
        MainTest.Result fit = MainTest.run(
                "fit-gmm", "--dry-run", "--config", "configs/gmm-three-bumps.yaml", "--out", out.toString());
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("dry run: draws from a 3-component synthetic mixture"), fit.out());
        assertFalse(Files.exists(out));
        MainTest.Result bad = MainTest.run("train-vae", "--dry-run", "--set", "data.dir=" + dir.resolve("nowhere"));
        assertEquals(2, bad.code());
    }

    @Test
    void outputFoldersThatCannotBeWrittenOrResumedAreOneLineErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        MainTest.Result under = train(file.resolve("run"), "train.epochs=1");
        assertEquals(2, under.code());
        assertTrue(under.err().contains("cannot write to output folder"), under.err());
        MainTest.Result notRun = resume(dir);
        assertEquals(2, notRun.code());
        assertTrue(notRun.err().contains("is not a run directory"), notRun.err());
        Path done = dir.resolve("done");
        assertEquals(0, train(done, "train.epochs=1").code());
        MainTest.Result finished = resume(done);
        assertEquals(2, finished.code());
        assertTrue(finished.err().contains("already finished 1 epochs"), finished.err());
        // the data changed under the run (train and test image files swapped): refused, nothing written
        Path copy = Files.createDirectories(dir.resolve("slice-copy"));
        try (java.util.stream.Stream<Path> files = Files.list(genmodels.TestData.mnistSlice())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path moved = dir.resolve("moved");
        assertEquals(
                0,
                MainTest.run(
                                "train-vae",
                                "-q",
                                "--threads",
                                "1",
                                "--set",
                                "data.dir=" + copy,
                                "--set",
                                "model.hidden=[32]",
                                "--set",
                                "train.epochs=1",
                                "--out",
                                moved.toString())
                        .code());
        Path trainImages = copy.resolve("train-images-idx3-ubyte.gz");
        Path testImages = copy.resolve("t10k-images-idx3-ubyte.gz");
        Path tmp = Files.move(trainImages, copy.resolve("swap.gz"));
        Files.move(testImages, trainImages);
        Files.move(tmp, testImages);
        String before = Files.readString(moved.resolve("checkpoint.json"));
        MainTest.Result otherData = resume(moved, "train.epochs=2");
        assertEquals(2, otherData.code(), otherData.out());
        assertTrue(
                otherData.err().contains("the data differ from the ones the run was trained on (train_images_md5 was"),
                otherData.err());
        assertEquals(before, Files.readString(moved.resolve("checkpoint.json")), "nothing rewritten");
        MainTest.Result changed = resume(done, "model.latent_dim=8");
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("a resumed run keeps its model, data, batch size and seed"), changed.err());
        MainTest.Result other = MainTest.run("train-ae", "--resume", done.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("model.type is 'vae' but this command trains 'ae'"), other.err());
        assertThrows(
                UserError.class, () -> genmodels.io.RunDirectory.existing(done).requireSpace(Long.MAX_VALUE));
    }
}
