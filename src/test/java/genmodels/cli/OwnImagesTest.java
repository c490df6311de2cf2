package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import genmodels.io.NpyFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A colour PNG folder through train, sample, encode and evaluate, and a bad folder that leaves nothing behind. */
class OwnImagesTest {

    @TempDir
    Path dir;

    /** 8x8 colour PNGs in two classes: red squares (class "a") and blue ones ("b"), 24 per split. */
    private Path colourFolder() throws IOException {
        Path root = dir.resolve("colour");
        Random random = new Random(1);
        for (String split : List.of("train", "test")) {
            for (String c : List.of("a", "b")) {
                Files.createDirectories(root.resolve(split + "/" + c));
                for (int i = 0; i < 12; i++) {
                    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    int level = 128 + random.nextInt(128);
                    for (int y = 2; y < 6; y++) {
                        for (int x = 2; x < 6; x++) {
                            image.setRGB(x, y, c.equals("a") ? level << 16 : level);
                        }
                    }
                    ImageIO.write(
                            image,
                            "png",
                            root.resolve(split + "/" + c + "/" + i + ".png").toFile());
                }
            }
        }
        return root;
    }

    private static MainTest.Result train(String command, Path data, Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of(
                command,
                "-q",
                "--threads",
                "1",
                "--out",
                out.toString(),
                "--set",
                "data.dataset=folder",
                "--set",
                "data.dir=" + data,
                "--set",
                "train.epochs=1",
                "--set",
                "train.batch_size=8"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return MainTest.run(args.toArray(String[]::new));
    }

    @Test
    void aColourFolderTrainsSamplesEncodesAndEvaluates() throws IOException {
        Path data = colourFolder();
        Path vae = dir.resolve("vae");
        MainTest.Result trained =
                train("train-vae", data, vae, "model.architecture=conv", "model.channels=[4,8]", "model.latent_dim=2");
        assertEquals(0, trained.code(), trained.err());
        assertEquals(
                "[ \"a\", \"b\" ]",
                Files.readString(vae.resolve("classes.json")).strip());
        assertTrue(Files.readString(vae.resolve("summary.json")).contains("\"image\" : \"3x8x8\""));
        ImageIO.read(vae.resolve("samples/epoch-0001.png").toFile()).getRGB(0, 0); // a colour grid

        Path npy = dir.resolve("samples.npy");
        MainTest.Result sampled = MainTest.run(
                "sample", "--checkpoint", vae.toString(), "-n", "5", "--format", "npy", "--output", npy.toString());
        assertEquals(0, sampled.code(), sampled.err());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = NpyFiles.read(npy, m);
            assertEquals(new Shape(5, 8, 8, 3), images.getShape(), "channels last, as NumPy and PIL expect");
        }

        Path classifier = dir.resolve("clf");
        assertEquals(
                0, train("train-classifier", data, classifier, "model.kernel=2").code());
        MainTest.Result evaluated = MainTest.run(
                "evaluate", "--checkpoint", vae.toString(), "--classifier", classifier.toString(), "--samples", "16");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(Files.readString(vae.resolve("eval.json")).contains("frechet"), "sample quality computed");

        Path digits = dir.resolve("mnist-clf");
        MainTest.Result grey = MainTest.run(
                "train-classifier",
                "-q",
                "--threads",
                "1",
                "--out",
                digits.toString(),
                "--set",
                "data.dir=" + genmodels.TestData.mnistSlice(),
                "--set",
                "train.epochs=1");
        assertEquals(0, grey.code(), grey.err());
        MainTest.Result refused =
                MainTest.run("evaluate", "--checkpoint", vae.toString(), "--classifier", digits.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(
                refused.err()
                        .contains("--classifier was trained on 1x28x28 images of 10 classes but the model on 3x8x8"
                                + " images of 2 classes"),
                refused.err());
    }

    @Test
    void aBadFolderIsOneLineExitTwoAndNoRunFolder() throws IOException {
        Path data = colourFolder();
        Path png = data.resolve("train/b/3.png");
        byte[] whole = Files.readAllBytes(png);
        Files.write(png, java.util.Arrays.copyOf(whole, 40));
        Path out = dir.resolve("never");
        MainTest.Result r = train("train-vae", data, out, "model.architecture=conv", "model.channels=[4,8]");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: cannot read image " + png), r.err());
        assertFalse(Files.exists(out), "no run folder left behind");

        Files.write(png, whole);
        MainTest.Result layers = train("train-ae", data, out);
        assertEquals(2, layers.code(), layers.err());
        assertTrue(
                layers.err()
                        .contains("model.layers starts with the input width 784 but the 3x8x8 images have 192"
                                + " values"),
                layers.err());
        assertFalse(Files.exists(out), "no run folder left behind");
    }
}
