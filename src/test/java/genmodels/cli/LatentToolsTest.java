package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.io.NpyFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-ae / train-swae on the slice, then encode and sample from their run directories. */
class LatentToolsTest {

    @TempDir
    static Path dir;

    static Path ae;
    static Path swae;

    private static MainTest.Result train(String command, Path out, String... sets) {
        List<String> args = new java.util.ArrayList<>(List.of(
                command,
                "-q",
                "--threads",
                "1",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "model.layers=[784,64,2]",
                "--set",
                "train.epochs=2",
                "--set",
                "train.batch_size=100",
                "--out",
                out.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return MainTest.run(args.toArray(String[]::new));
    }

    @BeforeAll
    static void trainModels() {
        ae = dir.resolve("ae");
        MainTest.Result a = train("train-ae", ae);
        assertEquals(0, a.code(), a.err());
        swae = dir.resolve("swae");
        MainTest.Result s = train(
                "train-swae",
                swae,
                "model.prior=ring",
                "model.lambda=100",
                "output.grid_scale=2",
                "output.interpolation=[3,5]");
        assertEquals(0, s.code(), s.err());
    }

    @Test
    void aTwoDimensionalRunDrawsItsLatentSpace() throws IOException {
        for (Path run : List.of(ae, swae)) {
            for (String name : List.of(
                    "latent/epoch-0001.png",
                    "latent/epoch-0002.png",
                    "manifold.png",
                    "interpolation.png",
                    "reconstructions/epoch-0002.png",
                    "curves.png")) {
                assertTrue(Files.size(run.resolve(name)) > 0, run + " " + name);
            }
        }
        assertFalse(Files.exists(ae.resolve("samples")), "a plain autoencoder has no prior to draw from");
        assertFalse(Files.exists(ae.resolve("latent_prior.png")), "nor prior draws under its codes");
        assertTrue(Files.size(swae.resolve("latent_prior.png")) > 0, "the SWAE's codes over its ring's draws");
        assertTrue(Files.exists(swae.resolve("samples/epoch-0002.png")));
        // output.grid_scale 2: 8 tiles of 56 pixels with 2-pixel borders
        assertEquals(
                8 * 58 + 2,
                ImageIO.read(swae.resolve("samples/epoch-0002.png").toFile()).getWidth());
        BufferedImage reconstructions =
                ImageIO.read(swae.resolve("reconstructions/epoch-0002.png").toFile());
        assertEquals(8 * 58 + 2, reconstructions.getHeight(), "four originals above their reconstructions");
        assertTrue(reconstructions.getWidth() > 8 * 58 + 2, "the tiles after the row labels");
    }

    /** Pixel (x, y) of tile {@code k} of an image grid with {@code columns} tiles of 28 pixels per row. */
    private static float tilePixel(BufferedImage grid, int columns, int k, int x, int y) {
        int x0 = 2 + (k % columns) * 30;
        int y0 = 2 + (k / columns) * 30;
        return grid.getRaster().getSample(x0 + x, y0 + y, 0) / 255f;
    }

    private static void assertTile(BufferedImage grid, int columns, int k, float[] expected, String what) {
        for (int i = 0; i < 784; i++) {
            assertEquals(
                    expected[i], tilePixel(grid, columns, k, i % 28, i / 28), 0.5f / 255 + 1e-4f, what + " pixel " + i);
        }
    }

    /**
     * The manifold's tiles are the decoder's outputs at the grid the picture promises (the 1st to 99th
     * percentile of the test codes in each dimension, z2 largest on top), and the interpolation's the
     * two test images with the decoded straight line between their codes: both recomputed here from
     * the saved weights.
     */
    @Test
    void theManifoldAndTheInterpolationShowTheDecoderAtTheirCodes() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            genmodels.runs.TrainedModel trained = genmodels.runs.TrainedModel.load(ae, m);
            var model = trained.generative();
            genmodels.data.ImageSplit test =
                    genmodels.data.Datasets.load(trained.config().data(), m).test();
            float[] codes = model.encode(trained.store(), test.images()).toFloatArray();
            int n = test.size();
            float[][] range = new float[2][];
            for (int j = 0; j < 2; j++) {
                float[] column = new float[n];
                for (int i = 0; i < n; i++) {
                    column[i] = codes[2 * i + j];
                }
                java.util.Arrays.sort(column);
                range[j] = new float[] {column[(int) (0.01 * (n - 1))], column[(int) (0.99 * (n - 1))]};
            }
            BufferedImage manifold = ImageIO.read(ae.resolve("manifold.png").toFile());
            int[][] tiles = {{0, 0}, {0, 19}, {19, 0}, {7, 12}};
            for (int[] rc : tiles) {
                float z1 = range[0][0] + rc[1] / 19f * (range[0][1] - range[0][0]);
                float z2 = range[1][0] + (1f - rc[0] / 19f) * (range[1][1] - range[1][0]);
                float[] decoded = model.decode(trained.store(), m.create(new float[] {z1, z2}, new Shape(1, 2)))
                        .toFloatArray();
                assertTile(manifold, 20, rc[0] * 20 + rc[1], decoded, "manifold tile " + rc[0] + "," + rc[1]);
            }
            int[] labels = test.labels().toIntArray();
            int b = 1;
            while (labels[b] == labels[0]) {
                b++;
            }
            BufferedImage strip = ImageIO.read(ae.resolve("interpolation.png").toFile());
            assertTile(strip, 12, 0, test.slice(m, 0, 1).images().toFloatArray(), "the first image");
            assertTile(strip, 12, 11, test.slice(m, b, b + 1).images().toFloatArray(), "the second image");
            for (int step : new int[] {0, 4, 9}) {
                float t = step / 9f;
                float[] z = {codes[0] + t * (codes[2 * b] - codes[0]), codes[1] + t * (codes[2 * b + 1] - codes[1])};
                assertTile(
                        strip,
                        12,
                        1 + step,
                        model.decode(trained.store(), m.create(z, new Shape(1, 2)))
                                .toFloatArray(),
                        "interpolation step " + step);
            }
        }
    }

    /** output.interpolation chooses the two test images the strip runs between. */
    @Test
    void theInterpolationRunsBetweenTheChosenImages() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            genmodels.runs.TrainedModel trained = genmodels.runs.TrainedModel.load(swae, m);
            genmodels.data.ImageSplit test =
                    genmodels.data.Datasets.load(trained.config().data(), m).test();
            BufferedImage strip = ImageIO.read(swae.resolve("interpolation.png").toFile());
            // grid_scale 2 does not apply to the strip: 28-pixel tiles
            assertTile(strip, 12, 0, test.slice(m, 3, 4).images().toFloatArray(), "test image 3");
            assertTile(strip, 12, 11, test.slice(m, 5, 6).images().toFloatArray(), "test image 5");
        }
    }

    @Test
    void anInterpolationEndBeyondTheTestSetIsAConfigErrorBeforeAnyRun() {
        Path out = dir.resolve("beyond");
        MainTest.Result r = train("train-ae", out, "output.interpolation=[0,1000]");
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err().contains("output.interpolation")
                        && r.err().contains("names test image 1000 but there are 1000"),
                r.err());
        assertFalse(Files.exists(out), "no run folder left behind");
        MainTest.Result same = train("train-ae", out, "output.interpolation=[4,4]");
        assertEquals(2, same.code());
        assertTrue(same.err().contains("two different test-image indices"), same.err());
    }

    @Test
    void probeFitsTheSameLinearClassifierOnCodesAndPixels() throws IOException {
        Path out = dir.resolve("probe");
        MainTest.Result r = MainTest.run(
                "probe",
                "--checkpoint",
                ae.toString(),
                "--labels",
                "200",
                "--steps",
                "200",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s =
                genmodels.io.Json.mapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(200, s.path("training_labels").asInt());
        assertEquals(2, s.path("codes").path("dimension").asInt());
        assertEquals(784, s.path("pixels").path("dimension").asInt());
        for (String rep : List.of("codes", "pixels")) {
            double accuracy = s.path(rep).path("test_accuracy").asDouble();
            assertTrue(accuracy > 0.2 && accuracy <= 1, rep + " beats chance (0.1): " + accuracy);
        }
        assertTrue(Files.size(out.resolve("probe.png")) > 0);
        assertTrue(r.out().contains("linear probe on the codes (2-D) of 200 labelled images"), r.out());
        MainTest.Result bad = MainTest.run("probe", "--checkpoint", ae.toString(), "--steps", "0");
        assertEquals(2, bad.code());
        assertEquals("error: --steps 0: give 1 to 10000000", bad.err().strip());
    }

    @Test
    void retrieveFindsNeighboursByCodesBitsAndPixels() throws IOException {
        Path out = dir.resolve("retrieve");
        MainTest.Result r = MainTest.run(
                "retrieve",
                "--checkpoint",
                ae.toString(),
                "--queries",
                "100",
                "--k",
                "5",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s =
                genmodels.io.Json.mapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(100, s.path("queries").asInt());
        for (String rep : List.of("codes", "binary_codes", "pixels")) {
            double precision = s.path(rep).path("precision_at_k").asDouble();
            assertTrue(precision >= 0 && precision <= 1, rep + ": a share, " + precision);
        }
        // neighbours in pixel space share the query's digit most of the time even among 900 images
        double pixels = s.path("pixels").path("precision_at_k").asDouble();
        assertTrue(pixels > 0.6, "pixels' precision at 5: " + pixels);
        assertEquals(2, s.path("codes").path("dimension").asInt());
        assertTrue(Files.size(out.resolve("retrieval.png")) > 0);
        MainTest.Result bad = MainTest.run("retrieve", "--checkpoint", ae.toString(), "--k", "0");
        assertEquals(2, bad.code());
        assertEquals("error: --k 0: give 1 to 100", bad.err().strip());
    }

    @Test
    void encodeWritesEveryCodeWithItsLabel() throws IOException {
        MainTest.Result r = MainTest.run("encode", "--checkpoint", ae.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(ae.resolve("codes-test.csv"));
        assertEquals("index,label,z1,z2", lines.get(0));
        assertEquals(1001, lines.size());
        assertTrue(lines.get(1).startsWith("0,7,"), lines.get(1)); // MNIST's first test digit is a 7
        Path out = dir.resolve("train-codes.csv");
        MainTest.Result t = MainTest.run(
                "encode",
                "--checkpoint",
                ae.resolve("model.params").toString(),
                "--split",
                "train",
                "--output",
                out.toString(),
                "--threads",
                "1");
        assertEquals(0, t.code(), t.err());
        assertTrue(Files.readAllLines(out).get(1).startsWith("0,5,")); // and its first training digit a 5
    }

    @Test
    void sampleFromPriorGmmAndNormal() throws IOException {
        MainTest.Result none = MainTest.run("sample", "--checkpoint", ae.toString(), "--sampler", "prior");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("an ae has no prior to sample; use --sampler gmm"), none.err());

        MainTest.Result gmm = MainTest.run(
                "sample",
                "--checkpoint",
                ae.toString(),
                "--sampler",
                "gmm",
                "--components",
                "3",
                "-n",
                "16",
                "--threads",
                "1");
        assertEquals(0, gmm.code(), gmm.err());
        assertTrue(
                gmm.out()
                        .contains("from a 3-component full-covariance Gaussian mixture fitted by EM to 900 training"
                                + " codes"),
                gmm.out());
        BufferedImage grid = ImageIO.read(ae.resolve("samples-gmm.png").toFile());
        assertEquals(8 * 30 + 2, grid.getWidth());
        assertEquals(2 * 30 + 2, grid.getHeight());

        MainTest.Result prior = MainTest.run("sample", "--checkpoint", swae.toString(), "--threads", "1");
        assertEquals(0, prior.code(), prior.err());
        assertTrue(prior.out().contains("the ring prior"), prior.out());
        MainTest.Result normal = MainTest.run(
                "sample",
                "--checkpoint",
                swae.toString(),
                "--sampler",
                "normal",
                "--output",
                dir.resolve("n.png").toString(),
                "--scale",
                "3");
        assertEquals(0, normal.code(), normal.err());
        BufferedImage scaled = ImageIO.read(dir.resolve("n.png").toFile());
        assertEquals(8 * (84 + 2) + 2, scaled.getWidth(), "--scale 3: 84-pixel tiles");
        assertEquals(
                scaled.getRaster().getSample(2, 2, 0),
                scaled.getRaster().getSample(4, 4, 0),
                "one image pixel is a 3x3 block");
        MainTest.Result tooBig = MainTest.run("sample", "--checkpoint", swae.toString(), "--scale", "40");
        assertEquals(2, tooBig.code());
        assertTrue(tooBig.err().contains("--scale must be in [1, 16], found 40"), tooBig.err());
    }

    @Test
    void samplesAndCodesAsNumpyArraysMatchThePngAndTheCsv() throws IOException {
        Path base = dir.resolve("draws.png");
        MainTest.Result both = MainTest.run(
                "sample",
                "--checkpoint",
                swae.toString(),
                "-n",
                "10",
                "--format",
                "both",
                "--output",
                base.toString(),
                "--threads",
                "1");
        assertEquals(0, both.code(), both.err());
        assertTrue(Files.exists(base), both.out());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = NpyFiles.read(dir.resolve("draws.npy"), m);
            assertEquals(new Shape(10, 28, 28), images.getShape());
            assertEquals(DataType.FLOAT32, images.getDataType());
            assertTrue(images.min().getFloat() >= 0f && images.max().getFloat() <= 1f);
            // the PNG grid's first tile (at 2, 2: 2-pixel borders) is the same image, in 8 bits
            BufferedImage grid = ImageIO.read(base.toFile());
            float[] first = images.get(0).toFloatArray();
            for (int i = 0; i < 784; i++) {
                assertEquals(
                        Math.round(first[i] * 255f),
                        grid.getRaster().getSample(2 + i % 28, 2 + i / 28, 0),
                        "pixel " + i);
            }

            MainTest.Result codes =
                    MainTest.run("encode", "--checkpoint", ae.toString(), "--format", "npy", "--threads", "1");
            assertEquals(0, codes.code(), codes.err());
            NDArray z = NpyFiles.read(ae.resolve("codes-test.npy"), m);
            NDArray labels = NpyFiles.read(ae.resolve("codes-test-labels.npy"), m);
            assertEquals(new Shape(1000, 2), z.getShape());
            assertEquals(new Shape(1000), labels.getShape());
            assertEquals(DataType.INT64, labels.getDataType());
            assertEquals(7L, labels.getLong(0)); // MNIST's first test digit
            MainTest.run("encode", "--checkpoint", ae.toString(), "--threads", "1");
            String[] row =
                    Files.readAllLines(ae.resolve("codes-test.csv")).get(1).split(",");
            assertEquals(Float.parseFloat(row[2]), z.getFloat(0, 0), 1e-5f * Math.abs(z.getFloat(0, 0)) + 1e-6f);
        }
        MainTest.Result bad = MainTest.run("encode", "--checkpoint", ae.toString(), "--format", "parquet");
        assertEquals(2, bad.code());
        assertTrue(
                bad.err().contains("'--format': expected one of [csv, npy] (case-sensitive) but was 'parquet'"),
                bad.err());
    }

    @Test
    void aFolderThatIsNotARunIsAOneLineError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        MainTest.Result r = MainTest.run("encode", "--checkpoint", empty.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a run directory"), r.err());
        MainTest.Result bad = MainTest.run("sample", "--checkpoint", ae.toString(), "--sampler", "flow");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'--sampler': expected one of [prior, gmm, normal]"), bad.err());
    }

    @Test
    void fitGmmOnTheCodesOfATrainedAutoencoderDecodesItsSamples() throws IOException {
        Path out = dir.resolve("gmm-codes");
        MainTest.Result r = MainTest.run(
                "fit-gmm",
                "--threads",
                "1",
                "--set",
                "data.source=latent",
                "--set",
                "data.checkpoint=" + ae,
                "--set",
                "data.pca=null",
                "--set",
                "model.components=4",
                "--set",
                "output.samples=16",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ae codes of mnist (2-D"), r.out());
        BufferedImage grid = ImageIO.read(out.resolve("samples.png").toFile());
        assertEquals(8 * 30 + 2, grid.getWidth());
        assertTrue(Files.exists(out.resolve("density.png")));
    }
}
