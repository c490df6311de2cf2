package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.features.StatisticsFile;
import genmodels.io.Json;
import genmodels.models.FrechetDistance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genmodels fid} and {@code evaluate --features} with the tiny TorchScript network of the test resources. */
class FidCommandTest {

    static final Path RESOURCES = Path.of("src/test/resources/features");
    static final String NET = RESOURCES.resolve("tiny-features.pt").toString();
    static final String IMAGES = RESOURCES.resolve("tiny-images.npy").toString();

    @TempDir
    static Path dir;

    @BeforeAll
    static void privateCache() {
        System.setProperty("genmodels.cache.dir", dir.resolve("cache").toString());
    }

    @Test
    void aSetAgainstItselfIsAtDistanceZeroAndTheFiguresAreWritten() throws IOException {
        Path out = dir.resolve("self.json");
        MainTest.Result r = MainTest.run(
                "fid",
                IMAGES,
                IMAGES,
                "--features",
                NET,
                "--kid",
                "--kid-subset-size",
                "12",
                "--kid-subsets",
                "2",
                "--precision-recall",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.mapper().readTree(out.toFile());
        assertEquals(0, json.path("feature_frechet_distance").asDouble(), 1e-6);
        assertTrue(json.path("note").asText().contains("NOT FID"), json.toString());
        assertEquals(1.0, json.path("precision_recall").path("precision").asDouble());
        assertEquals(64, json.path("network").path("sha256").asText().length());
        assertEquals(12, json.path("images").path("a").asInt());
        assertTrue(r.err().isEmpty(), "12 images of 8 features: a full-rank covariance, no warning: " + r.err());
    }

    @Test
    void aStatisticsFileStandsForItsImages() throws IOException {
        Path stats = dir.resolve("stats.npz");
        try (NDManager m = NDManager.newBaseManager()) {
            var features = genmodels.io.NpyFiles.read(RESOURCES.resolve("tiny-features.npy"), m);
            StatisticsFile.write(stats, FrechetDistance.moments(features), m);
        }
        Path out = dir.resolve("stats.json");
        MainTest.Result r = MainTest.run(
                "fid", IMAGES, stats.toString(), "--features", NET, "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(
                0,
                Json.mapper()
                        .readTree(out.toFile())
                        .path("feature_frechet_distance")
                        .asDouble(),
                1e-6);
        Path both = dir.resolve("both.json");
        MainTest.Result r2 = MainTest.run("fid", stats.toString(), stats.toString(), "--out", both.toString());
        assertEquals(0, r2.code(), r2.err());
        assertEquals(
                0,
                Json.mapper().readTree(both.toFile()).path("frechet_distance").asDouble(),
                1e-9);
        MainTest.assertUserError(
                MainTest.run("fid", IMAGES, stats.toString(), "--features", NET, "--kid"),
                "--kid needs the features of every image, but " + stats + " is a statistics file");
    }

    @Test
    void badInputGetsOneLine() throws IOException {
        MainTest.assertUserError(MainTest.run("fid", IMAGES, IMAGES), "give --features PATH.pt");
        Path text = Files.writeString(dir.resolve("net.pt"), "not a network");
        MainTest.assertUserError(
                MainTest.run("fid", IMAGES, IMAGES, "--features", text.toString()), "is not a TorchScript module");
        MainTest.assertUserError(
                MainTest.run(
                        "fid",
                        IMAGES,
                        IMAGES,
                        "--features",
                        RESOURCES.resolve("bad-output.pt").toString()),
                "must return one [N, D] array of features");
        Path wide = dir.resolve("wide.npz");
        try (NDManager m = NDManager.newBaseManager()) {
            StatisticsFile.write(wide, new FrechetDistance.Moments(new double[5], new double[25]), m);
        }
        MainTest.assertUserError(
                MainTest.run("fid", IMAGES, wide.toString(), "--features", NET),
                "holds statistics of 5 features but the network gives 8");
        Path noSigma = dir.resolve("mu-only.npz");
        try (NDManager m = NDManager.newBaseManager()) {
            var mu = m.create(new double[8]);
            mu.setName("mu");
            try (var os = Files.newOutputStream(noSigma)) {
                new ai.djl.ndarray.NDList(mu).encode(os, ai.djl.ndarray.NDList.Encoding.NPZ);
            }
        }
        MainTest.assertUserError(
                MainTest.run("fid", IMAGES, noSigma.toString(), "--features", NET), "has no sigma array");
        Path skew = dir.resolve("skew.npz");
        try (NDManager m = NDManager.newBaseManager()) {
            var mu = m.create(new double[8]);
            mu.setName("mu");
            var sigma = m.create(new double[56], new ai.djl.ndarray.types.Shape(8, 7));
            sigma.setName("sigma");
            try (var os = Files.newOutputStream(skew)) {
                new ai.djl.ndarray.NDList(mu, sigma).encode(os, ai.djl.ndarray.NDList.Encoding.NPZ);
            }
        }
        MainTest.assertUserError(
                MainTest.run("fid", IMAGES, skew.toString(), "--features", NET),
                "mu is (8) and sigma (8, 7); they must be [D] and [D, D]");
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        greyPng(8, mixed.resolve("a.png"));
        greyPng(10, mixed.resolve("b.png"));
        MainTest.assertUserError(
                MainTest.run("fid", mixed.toString(), IMAGES, "--features", NET), "images of mixed shapes");
    }

    private static void greyPng(int side, Path file) throws IOException {
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png",
                file.toFile());
    }

    /** evaluate --checkpoint RUN with 200 samples, no IW NLL, one thread, and the extra arguments. */
    private static MainTest.Result evaluate(Path run, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "evaluate",
                "--checkpoint",
                run.toString(),
                "--samples",
                "200",
                "--importance-samples",
                "0",
                "--threads",
                "1"));
        args.addAll(java.util.List.of(extra));
        MainTest.Result r = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    /** @return the feature network's figures of the prior sampler in the run's eval.json */
    private static JsonNode featureFigures(Path run) throws IOException {
        return Json.mapper()
                .readTree(run.resolve("eval.json").toFile())
                .path("samplers")
                .path("prior")
                .path("feature_network");
    }

    @Test
    void evaluateReportsTheNetworksDistanceAndItsStatisticsRoundTrip() throws IOException {
        Path vae = dir.resolve("vae");
        Path config = Files.writeString(
                dir.resolve("vae.yaml"), "output:\n  features: " + Path.of(NET).toAbsolutePath() + "\n");
        MainTest.Result t = MainTest.run(
                "train-vae",
                "-q",
                "--config",
                config.toString(),
                "--threads",
                "1",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "train.epochs=1",
                "--set",
                "model.hidden=[32]",
                "--set",
                "model.latent_dim=2",
                "--out",
                vae.toString());
        assertEquals(0, t.code(), t.err());
        Path stats = dir.resolve("test-stats.npz");
        evaluate(vae, "--features", NET, "--save-reference-stats", stats.toString());
        JsonNode elbo =
                Json.mapper().readTree(vae.resolve("eval.json").toFile()).path("neg_elbo");
        assertEquals(
                elbo.path("nats").asDouble() / (784 * Math.log(2)),
                elbo.path("bits_per_dim").asDouble(),
                1e-12);
        assertTrue(elbo.path("bits_per_dim_basis").asText().startsWith("not a likelihood"), elbo.toString());
        JsonNode first = featureFigures(vae);
        double fd = first.path("feature_frechet_distance").asDouble();
        assertTrue(fd > 0, first.toString());
        assertTrue(Files.isRegularFile(stats));
        evaluate(vae, "--features", NET, "--reference-stats", stats.toString());
        JsonNode second = featureFigures(vae);
        assertEquals(fd, second.path("feature_frechet_distance").asDouble(), 1e-9 * fd);
        assertEquals(stats.toString(), second.path("sources").path("b").asText());
        MainTest.Result byConfig = evaluate(vae); // the run's output.features names the network
        JsonNode third = featureFigures(vae);
        assertEquals(fd, third.path("feature_frechet_distance").asDouble(), 1e-9 * fd, "output.features: " + third);
        assertTrue(byConfig.out().contains("reference statistics: read from"), "cached: " + byConfig.out());
        Path table = dir.resolve("compare.md");
        MainTest.Result compare = MainTest.run(
                "evaluate",
                "--compare",
                vae.toString(),
                "--features",
                NET,
                "--samples",
                "200",
                "--importance-samples",
                "0",
                "--threads",
                "1",
                "--out",
                table.toString());
        assertEquals(0, compare.code(), compare.err());
        String md = Files.readString(table);
        assertTrue(md.contains("| feature-network FD (not FID) |"), md);
        assertTrue(
                md.contains(String.format(java.util.Locale.ROOT, fd >= 1 ? "%.4f" : "%.6f", fd)),
                "the same samples: " + md);
        assertTrue(md.contains("features of tiny-features.pt (tiny test network, sha256 "), md);
        MainTest.assertUserError(
                MainTest.run("evaluate", "--checkpoint", vae.toString(), "--reference-stats", stats.toString()),
                "--reference-stats needs --features PATH.pt");
    }
}
