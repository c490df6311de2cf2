package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.Json;
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

/**
 * Class-conditional generation from the command line, on a folder of two colour classes (a red
 * square, a blue square): a conditional VAE learns to draw the class asked for, the per-class grid
 * names its rows, the GAN and the guided diffusion model sample and evaluate per class, and every
 * misuse is one line and exit 2.
 */
class ConditionalGenerationTest {

    @TempDir
    Path dir;

    /** 24 training and 8 test images per class: "red" a red square, "blue" a blue one, on black. */
    private Path twoColours(boolean classFolders) throws IOException {
        Path root = dir.resolve(classFolders ? "colours" : "flat");
        Random random = new Random(1);
        for (String split : List.of("train", "test")) {
            for (String c : List.of("red", "blue")) {
                Path folder = root.resolve(split + (classFolders ? "/" + c : ""));
                Files.createDirectories(folder);
                for (int i = 0; i < (split.equals("train") ? 24 : 8); i++) {
                    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    int level = 160 + random.nextInt(96);
                    for (int y = 2; y < 6; y++) {
                        for (int x = 2; x < 6; x++) {
                            image.setRGB(x, y, c.equals("red") ? level << 16 : level);
                        }
                    }
                    ImageIO.write(image, "png", folder.resolve(c + i + ".png").toFile());
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
                "train.batch_size=8",
                "--set",
                "data.validation=0"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return MainTest.run(args.toArray(String[]::new));
    }

    private static void refused(MainTest.Result r, String message) {
        MainTest.assertUserError(r, message);
    }

    @Test
    void aConditionalVaeDrawsTheAskedClassInLabelledRows() throws IOException {
        Path data = twoColours(true);
        Path vae = dir.resolve("cvae");
        MainTest.Result trained = train(
                "train-vae",
                data,
                vae,
                "model.conditional=true",
                "model.hidden=[32]",
                "model.latent_dim=2",
                "train.epochs=150",
                "train.optimizer.lr=0.003",
                "output.sample_every=0",
                "output.tensorboard=false");
        assertEquals(0, trained.code(), trained.err());
        assertTrue(Files.isRegularFile(vae.resolve("samples/epoch-0150.png")), "a per-class grid after the last epoch");

        Path out = dir.resolve("drawn.png");
        MainTest.Result sampled = MainTest.run(
                "sample",
                "--checkpoint",
                vae.toString(),
                "--class",
                "red",
                "--class",
                "0",
                "--per-class",
                "6",
                "--format",
                "both",
                "--out",
                out.toString(),
                "--scale",
                "4");
        assertEquals(0, sampled.code(), sampled.err());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = NpyFiles.read(dir.resolve("drawn.npy"), m); // [12, 8, 8, 3]: red (1), then blue (0)
            assertEquals(12, images.getShape().get(0));
            float[] v = images.toFloatArray();
            for (int i = 0; i < 12; i++) {
                double red = 0;
                double blue = 0;
                for (int p = 0; p < 64; p++) {
                    red += v[i * 192 + 3 * p];
                    blue += v[i * 192 + 3 * p + 2];
                }
                boolean askedRed = i < 6;
                assertTrue(askedRed ? red > 4 * blue : blue > 4 * red, "image " + i + ": red " + red + " blue " + blue);
            }
        }
        BufferedImage grid = ImageIO.read(out.toFile());
        int plain = 6 * (8 * 4 + 2) + 2;
        assertTrue(grid.getWidth() > plain, "a label column left of the rows: " + grid.getWidth());
        assertEquals(2 * (8 * 4 + 2) + 2, grid.getHeight(), "one row per class");
        boolean ink = false;
        for (int x = 0; x < grid.getWidth() - plain; x++) {
            for (int y = 0; y < grid.getHeight(); y++) {
                ink |= (grid.getRGB(x, y) & 0xff) < 128;
            }
        }
        assertTrue(ink, "the row labels are drawn");

        refused(
                MainTest.run("sample", "--checkpoint", vae.toString(), "--class", "green"),
                "--class 'green' is not a class of this model; its classes are blue, red");
        refused(MainTest.run("encode", "--checkpoint", vae.toString()), "class-conditional");
        refused(MainTest.run("sample", "--checkpoint", vae.toString(), "--sampler", "gmm"), "is class-conditional");
        refused(
                MainTest.run("sample", "--checkpoint", vae.toString(), "--guidance", "1"),
                "--steps, --eta and --guidance set a diffusion model's sampler");
        refused(
                MainTest.run("sample", "--checkpoint", vae.toString(), "--class", "red", "-n", "4"),
                "-n and --class/--per-class both set the number of images");

        Path plainVae = dir.resolve("vae");
        assertEquals(
                0,
                train("train-vae", data, plainVae, "train.epochs=1", "model.hidden=[8]")
                        .code());
        refused(
                MainTest.run("sample", "--checkpoint", plainVae.toString(), "--per-class", "2"),
                "is not class-conditional (model.conditional: false)");
    }

    @Test
    void aConditionalModelOfUnlabelledImagesIsRefusedBeforeAnyWork() throws IOException {
        Path data = twoColours(false);
        Path out = dir.resolve("never");
        refused(
                train("train-gan", data, out, "model.conditional=true", "train.epochs=1"),
                "model.conditional generates images of a given class, and these images carry no labels");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void theGanAndTheGuidedDiffusionModelSampleAndEvaluatePerClass() throws IOException {
        Path data = twoColours(true);
        Path classifier = dir.resolve("clf");
        assertEquals(
                0,
                train("train-classifier", data, classifier, "model.kernel=2", "train.epochs=3")
                        .code());

        Path gan = dir.resolve("cgan");
        MainTest.Result ganRun = train(
                "train-gan",
                data,
                gan,
                "model.conditional=true",
                "model.architecture=conv",
                "model.generator=[8, 4]",
                "model.discriminator=[4, 8]",
                "train.epochs=1");
        assertEquals(0, ganRun.code(), ganRun.err());
        MainTest.Result ganEval = MainTest.run(
                "evaluate", "--checkpoint", gan.toString(), "--classifier", classifier.toString(), "--samples", "10");
        assertEquals(0, ganEval.code(), ganEval.err());
        JsonNode quality = Json.mapper()
                .readTree(gan.resolve("eval.json").toFile())
                .path("samplers")
                .path("prior");
        JsonNode conditional = quality.path("class_conditional");
        assertEquals(10, quality.path("images").asInt(), "five per class");
        double accuracy = conditional.path("accuracy").asDouble(-1);
        assertTrue(accuracy >= 0 && accuracy <= 1, conditional.toString());
        assertTrue(conditional.path("per_class").has("red")
                && conditional.path("per_class").has("blue"));
        assertTrue(conditional.path("per_class").path("red").has("frechet_distance"), conditional.toString());

        Path diffusion = dir.resolve("cdiff");
        MainTest.Result diffusionRun = train(
                "train-diffusion",
                data,
                diffusion,
                "model.conditional=true",
                "model.channels=[16, 16]",
                "model.timesteps=20",
                "model.sample_steps=4",
                "train.epochs=1");
        assertEquals(0, diffusionRun.code(), diffusionRun.err());
        MainTest.Result sweep = MainTest.run(
                "evaluate",
                "--checkpoint",
                diffusion.toString(),
                "--classifier",
                classifier.toString(),
                "--samples",
                "4",
                "--guidance",
                "0,2");
        assertEquals(0, sweep.code(), sweep.err());
        JsonNode eval = Json.mapper().readTree(diffusion.resolve("eval.json").toFile());
        assertEquals(2, eval.path("guidance_sweep").size());
        assertEquals(2.0, eval.path("guidance_sweep").get(1).path("guidance").asDouble());
        assertTrue(eval.path("guidance_sweep").get(1).path("sampling").asText().contains("guidance w = 2.0"));
        assertTrue(Files.readString(diffusion.resolve("guidance.md")).contains("| 2 |"));
        assertTrue(ImageIO.read(diffusion.resolve("guidance.png").toFile()).getWidth() > 0);
        assertTrue(
                eval.path("variational_bound").path("conditional").asText().contains("-log p(x | y)"), eval.toString());

        MainTest.Result drawn =
                MainTest.run("sample", "--checkpoint", diffusion.toString(), "--per-class", "2", "--guidance", "1.5");
        assertEquals(0, drawn.code(), drawn.err());
        assertTrue(drawn.out().contains("guidance w = 1.5"), drawn.out());
        refused(
                MainTest.run("sample", "--checkpoint", diffusion.toString(), "--guidance", "0,1"),
                "sample takes one --guidance weight");
        Path table = dir.resolve("compare.md");
        MainTest.Result compared = MainTest.run(
                "evaluate",
                "--compare",
                gan.toString(),
                diffusion.toString(),
                "--classifier",
                classifier.toString(),
                "--samples",
                "4",
                "--out",
                table.toString());
        assertEquals(0, compared.code(), compared.err());
        String markdown = Files.readString(table);
        assertTrue(markdown.contains("| class accuracy | mean per-class FD |"), markdown);
        assertEquals(
                markdown.lines()
                        .skip(1)
                        .findFirst()
                        .orElseThrow()
                        .chars()
                        .filter(c -> c == '|')
                        .count(),
                markdown.lines()
                        .filter(l -> l.startsWith("| test images"))
                        .findFirst()
                        .orElseThrow()
                        .chars()
                        .filter(c -> c == '|')
                        .count(),
                "the reference row has every column: " + markdown);
        refused(
                MainTest.run("evaluate", "--compare", diffusion.toString(), gan.toString(), "--guidance", "0,1"),
                "a guidance sweep (--guidance with several weights) evaluates one run");
    }
}
