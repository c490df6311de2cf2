package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.io.Json;
import genmodels.models.diffusion.Diffusion;
import genmodels.models.diffusion.DiffusionConfig;
import genmodels.models.gan.Gan;
import genmodels.models.gan.GanConfig;
import genmodels.runs.TrainingRun;
import genmodels.train.RunSettings;
import genmodels.train.StopRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-gan and train-diffusion through the command line: an interrupted or epoch-split run
 * continued with --resume ends byte-identical to the uninterrupted one (both networks and both
 * optimizers of the GAN; the diffusion model's weight average), and sample/evaluate run on them.
 */
class AdversarialAndDiffusionRunsTest {

    @TempDir
    Path dir;

    private static final List<String> GAN = List.of(
            "data.dir=" + TestData.mnistSlice(),
            "model.generator=[32]",
            "model.discriminator=[32]",
            "model.latent_dim=8",
            "train.batch_size=100",
            "data.train_limit=600",
            "data.test_limit=200",
            "data.validation=0"); // the configuration this test has always run (its data unchanged)
    private static final List<String> DIFFUSION = List.of(
            "data.dir=" + TestData.mnistSlice(),
            "model.channels=[8, 8]",
            "model.timesteps=20",
            "model.sample_steps=5",
            "train.batch_size=100",
            "data.train_limit=400",
            "data.test_limit=200",
            "data.validation=0"); // the configuration this test has always run (its data unchanged)

    private static MainTest.Result run(String command, List<String> base, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "-q", "--threads", "1", "--out", out.toString()));
        for (String s : concat(base, more)) {
            args.add("--set");
            args.add(s);
        }
        return MainTest.run(args.toArray(String[]::new));
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private static MainTest.Result resume(String command, Path run, String... sets) {
        List<String> args = new ArrayList<>(List.of(command, "-q", "--threads", "1", "--resume", run.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return MainTest.run(args.toArray(String[]::new));
    }

    private static RunSettings stoppedSettings() {
        StopRequest stop = new StopRequest();
        stop.request(15); // the loop stops after the first batch
        return new RunSettings(
                Device.cpu(),
                genmodels.engine.Threads.parse("1"),
                true,
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                false,
                stop);
    }

    @Test
    void aGanResumedMidEpochOrAtAnEpochBoundaryEndsByteIdenticalWithBothOptimizers() throws Exception {
        for (String loss : List.of("nonsaturating", "wgan-gp")) {
            String[] extra = {"model.loss=" + loss, "model.critic_steps=" + (loss.equals("wgan-gp") ? 3 : 1)};
            Path whole = dir.resolve(loss + "-whole");
            MainTest.Result w = run(
                    "train-gan",
                    GAN,
                    whole,
                    concat(List.of(extra), "train.epochs=2").toArray(String[]::new));
            assertEquals(0, w.code(), w.err());

            Path mid = dir.resolve(loss + "-mid");
            RunConfig<GanConfig> config = ConfigLoader.load(
                    "gan-mnist.yaml",
                    null,
                    concat(concat(GAN, extra), "train.epochs=2", "output.dir=" + mid),
                    GanConfig.class);
            assertEquals(
                    143,
                    TrainingRun.run(
                            "train-gan",
                            config,
                            pixels -> new Gan(config.model(), pixels),
                            stoppedSettings(),
                            null,
                            false));
            assertTrue(Files.isDirectory(mid.resolve("checkpoints/epoch-0001-batch-00001")));
            MainTest.Result m = resume("train-gan", mid);
            assertEquals(0, m.code(), m.err());

            Path boundary = dir.resolve(loss + "-boundary");
            assertEquals(
                    0,
                    run(
                                    "train-gan",
                                    GAN,
                                    boundary,
                                    concat(List.of(extra), "train.epochs=1").toArray(String[]::new))
                            .code());
            MainTest.Result b = resume("train-gan", boundary, "train.epochs=2");
            assertEquals(0, b.code(), b.err());

            for (Path other : List.of(mid, boundary)) {
                assertEquals(metrics(whole), metrics(other), loss);
                for (String file :
                        List.of("model.params", "optimizer-discriminator.params", "optimizer-generator.params")) {
                    assertArrayEquals(
                            Files.readAllBytes(
                                    whole.resolve("checkpoints/epoch-0002").resolve(file)),
                            Files.readAllBytes(
                                    other.resolve("checkpoints/epoch-0002").resolve(file)),
                            loss + " " + file);
                }
            }
        }
    }

    @Test
    void aDiffusionRunResumedMidEpochEndsByteIdenticalWeightsAndAverage() throws Exception {
        Path whole = dir.resolve("whole");
        MainTest.Result w = run("train-diffusion", DIFFUSION, whole, "train.epochs=2");
        assertEquals(0, w.code(), w.err());
        Path mid = dir.resolve("mid");
        RunConfig<DiffusionConfig> config = ConfigLoader.load(
                "diffusion-mnist.yaml",
                null,
                concat(DIFFUSION, "train.epochs=2", "output.dir=" + mid),
                DiffusionConfig.class);
        assertEquals(
                143,
                TrainingRun.run(
                        "train-diffusion",
                        config,
                        pixels -> new Diffusion(config.model(), pixels),
                        stoppedSettings(),
                        null,
                        false));
        MainTest.Result m = resume("train-diffusion", mid);
        assertEquals(0, m.code(), m.err());
        assertEquals(metrics(whole), metrics(mid));
        assertArrayEquals(
                Files.readAllBytes(whole.resolve("model.params")), Files.readAllBytes(mid.resolve("model.params")));
        assertArrayEquals(
                Files.readAllBytes(whole.resolve("checkpoints/epoch-0002/optimizer.params")),
                Files.readAllBytes(mid.resolve("checkpoints/epoch-0002/optimizer.params")));

        // sample with DDIM and with the ancestral sampler, then evaluate: the bound and the sampling time are reported
        MainTest.Result ddim =
                MainTest.run("sample", "--checkpoint", whole.toString(), "-n", "8", "--steps", "4", "--threads", "1");
        assertEquals(0, ddim.code(), ddim.err());
        assertTrue(ddim.out().contains("ddim, 4 steps"), ddim.out());
        MainTest.Result ancestral = MainTest.run(
                "sample",
                "--checkpoint",
                whole.toString(),
                "-n",
                "8",
                "--steps",
                "20",
                "--threads",
                "1",
                "--output",
                dir.resolve("a.png").toString());
        assertTrue(ancestral.out().contains("ddpm ancestral, 20 steps"), ancestral.out());
        MainTest.Result tooMany = MainTest.run("sample", "--checkpoint", whole.toString(), "--steps", "21");
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("--steps must be in [0, T]"), tooMany.err());
        MainTest.Result gmm = MainTest.run("sample", "--checkpoint", whole.toString(), "--sampler", "gmm");
        assertEquals(2, gmm.code());
        assertTrue(gmm.err().contains("has no encoder"), gmm.err());
        MainTest.Result eval = MainTest.run("evaluate", "--checkpoint", whole.toString(), "--threads", "1");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("variational_bound.bits_per_dim"), eval.out());
        JsonNode bound =
                Json.mapper().readTree(whole.resolve("eval.json").toFile()).path("variational_bound");
        double nats = bound.path("nats").asDouble();
        assertEquals(nats / (784 * Math.log(2)), bound.path("bits_per_dim").asDouble(), 1e-9, bound.toString());
        assertEquals(200, bound.path("images").asInt(), "one estimate per test image (data.test_limit 200)");
        double se = bound.path("standard_error_nats").asDouble();
        assertTrue(se > 0 && nats - 4 * se > 0, "a bound on -log P of discrete images is positive: " + bound);
    }

    /** metrics.csv without its timing and memory columns (the last three). */
    @Test
    void aClassifierFolderThatIsNotAClassifierRunIsAOneLineErrorAndWritesNothing() throws IOException {
        Path notClassifier = dir.resolve("vae-run");
        Files.createDirectories(notClassifier);
        Files.writeString(notClassifier.resolve("config.yaml"), "model: {type: vae}\n");
        Path out = dir.resolve("gan");
        MainTest.Result r = run("train-gan", GAN, out, "output.classifier=" + notClassifier);
        assertEquals(2, r.code());
        assertTrue(
                r.err()
                        .contains("output.classifier: " + notClassifier + " holds a vae, not a classifier; give the"
                                + " run directory of genmodels train-classifier"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(!Files.exists(out), "nothing written");
        MainTest.Result early = run(
                "train-gan",
                GAN,
                dir.resolve("gan2"),
                "data.validation=100",
                "train.early_stopping={patience: 2, min_delta: 0}");
        assertEquals(2, early.code());
        assertTrue(early.err().contains("a GAN's losses do not measure sample quality"), early.err());
    }

    private static List<String> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> {
                    String[] cells = l.split(",", -1);
                    return String.join(",", Arrays.copyOf(cells, cells.length - 3));
                })
                .toList();
    }
}
