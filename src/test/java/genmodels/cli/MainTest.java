package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.io.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one in-process run. */
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** A train-vae run on the committed slice with a tiny model; extra arguments appended. */
    private Result trainOnSlice(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "train-vae",
                "--quiet",
                "--threads",
                "1",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "model.hidden=[64]",
                "--set",
                "model.latent_dim=2",
                "--set",
                "train.epochs=2",
                "--set",
                "train.batch_size=100",
                "--out",
                out));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** Asserts a user error: exit 2, one line starting "error: " that contains {@code expected}, no stack trace. */
    static void assertUserError(Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("genmodels "), v.out());
        Result h = run("--help");
        assertEquals(0, h.code());
        assertTrue(
                h.out().contains("  train ")
                        && h.out().contains("  fit ")
                        && h.out().contains("bench"),
                h.out());
        Result th = run("train-vae", "--help");
        assertEquals(0, th.code());
        assertTrue(th.out().contains("--set=KEY=VALUE") && th.out().contains("Default: auto"), th.out());
    }

    @Test
    void badUsageExitsTwoWithOneLine() {
        assertUserError(run(), "choose a command");
        assertUserError(run("train-vae", "--bogus"), "Unknown option: '--bogus'");
        assertUserError(run("train-vae", "--seed", "x"), "'x' is not an int");
        assertUserError(run("fit-everything"), "Unmatched argument");
    }

    @Test
    void badConfigsExitTwoWithTheExpectedMessage() throws IOException {
        Path unknown = dir.resolve("unknown.yaml");
        Files.writeString(unknown, "train:\n  epochs: 2\n  epohcs: 3\n");
        assertUserError(
                run("train-vae", "--config", unknown.toString()),
                unknown + ":3: unknown key 'epohcs' in section 'train'");

        Path wrongType = dir.resolve("type.json");
        Files.writeString(wrongType, "{\"model\": {\"latent_dim\": \"twenty\"}}");
        assertUserError(
                run("train-vae", "--config", wrongType.toString()),
                wrongType + ":1: model.latent_dim must be an integer, found 'twenty'");

        Path range = dir.resolve("range.yml");
        Files.writeString(range, "train:\n  batch_size: 0\n");
        assertUserError(
                run("train-vae", "--config", range.toString()),
                range + ":2: train.batch_size must be an integer in [1, 1048576], found 0");

        assertUserError(
                run("train-vae", "--set", "train.optimizer.lrr=0.1"),
                "--set train.optimizer.lrr=0.1: unknown key 'lrr' in section 'train.optimizer'");
        assertUserError(
                run("train-vae", "--set", "model.beta=-1"),
                "--set model.beta=-1: model.beta must be a number in [0.0, 1000000.0], found -1.0");
        assertUserError(run("train-vae", "--set", "nonsense"), "--set nonsense: expected key.path=value");
        assertUserError(run("train-vae", "--device", "tpu"), "--device must be auto, cpu, gpu or gpu:N");
        assertUserError(run("train-vae", "--threads", "0"), "--threads must be auto or an integer");
    }

    @Test
    void missingOrCorruptDataExitsTwoNamingTheFile() throws IOException {
        Path out = dir.resolve("run");
        assertUserError(
                run("train-vae", "--set", "data.dir=" + dir.resolve("absent"), "--out", out.toString()),
                "absent is not a folder");
        assertFalse(Files.exists(out), "nothing written when the data is missing");

        Path copy = dir.resolve("mnist");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(TestData.mnistSlice())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path bad = copy.resolve("t10k-images-idx3-ubyte.gz");
        Files.write(bad, new byte[] {31, -117, 8, 0, 1, 2, 3});
        assertUserError(
                run("train-vae", "--set", "data.dir=" + copy, "--out", out.toString()),
                bad + " is not a complete gzip file");
    }

    @Test
    void endToEndRunOnTheSliceWritesEveryFileOfTheRunDirectory() throws IOException {
        Path out = dir.resolve("run");
        Result r = trainOnSlice(out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("epoch   2"), r.out());
        for (String name : List.of(
                "config.yaml",
                "metrics.csv",
                "summary.json",
                "checkpoint.json",
                "model.params",
                "samples/epoch-0001.png",
                "samples/epoch-0002.png",
                "reconstructions/epoch-0001.png",
                "reconstructions/epoch-0002.png")) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        try (Stream<Path> all = Files.walk(out)) {
            assertEquals(
                    List.of(),
                    all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary files left");
        }
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("epoch,split,neg_elbo,reconstruction,kl,lr,seconds,images_per_second,resident_mb", csv.get(0));
        assertEquals(9, csv.size(), "two epochs x (train, validation, test, schedule)");
        assertTrue(csv.get(4).startsWith("1,schedule,,,,0.001000,"), csv.get(4));

        JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(
                "validation.neg_elbo", summary.path("headline").path("figure").asText(), "chosen on validation");
        for (String split : List.of("train", "validation", "test")) {
            double negElbo = summary.path(split).path("neg_elbo").asDouble();
            double recon = summary.path(split).path("reconstruction").asDouble();
            double kl = summary.path(split).path("kl").asDouble();
            assertTrue(negElbo > 50 && negElbo < 543, split + " below the 543 nats of predicting 0.5: " + negElbo);
            assertEquals(negElbo, recon + kl, 1e-3);
        }
        assertEquals(2, summary.path("epochs").asInt());
        assertTrue(summary.path("epoch_seconds").asDouble() > 0);
        assertTrue(summary.path("images_per_second").asDouble() > 0);

        JsonNode checkpoint =
                Json.mapper().readTree(out.resolve("checkpoint.json").toFile());
        JsonNode provenance = checkpoint.path("provenance");
        assertEquals("vae", provenance.path("model_type").asText());
        assertEquals(2, checkpoint.path("epoch").asInt());
        assertEquals(
                18,
                checkpoint.path("step").asInt(),
                "2 epochs of 900 images (100 held out for validation) in batches of 100");
        assertEquals(
                TestData.TEST_IMAGES_MD5,
                provenance.path("data").path("test_images_md5").asText());
        assertEquals(
                2, checkpoint.path("config").path("model").path("latent_dim").asInt());
        assertTrue(provenance.path("versions").path("djl").asText().startsWith("0."));
        assertEquals(provenance, summary.path("provenance"), "one provenance record, the same in both files");
        assertEquals(
                "validation.neg_elbo", summary.path("headline").path("figure").asText());
        assertFalse(summary.path("headline").path("higher_is_better").asBoolean());

        String config = Files.readString(out.resolve("config.yaml"));
        assertTrue(config.contains("latent_dim: 2") && config.contains("epochs: 2"), config);

        BufferedImage samples =
                ImageIO.read(out.resolve("samples/epoch-0002.png").toFile());
        assertEquals(8 * 30 + 2, samples.getWidth());
        assertEquals(8 * 30 + 2, samples.getHeight());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, samples.getType());
    }

    @Test
    void anExistingRunDirectoryIsNeverOverwritten() throws IOException {
        Path out = dir.resolve("taken");
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.json"), "precious");
        assertUserError(trainOnSlice(out.toString()), "already exists and is not empty");
        assertEquals("precious", Files.readString(out.resolve("summary.json")));
    }

    @Test
    void aJsonConfigRunsToo() throws IOException {
        // keys the slice run does not --set itself, so the file alone decides them
        Path config = dir.resolve("c.json");
        Files.writeString(config, "{\"model\": {\"beta\": 2.5}, \"output\": {\"sample_every\": 0}}");
        Path out = dir.resolve("json-run");
        Result r = trainOnSlice(out.toString(), "--config", config.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("beta: 2.5"), "the JSON's beta was used");
        assertFalse(
                Files.exists(out.resolve("samples/epoch-0001.png")), "sample_every 0: no grid before the last epoch");
        assertTrue(Files.exists(out.resolve("samples/epoch-0002.png")), "the last epoch always gets grids");
    }
}
