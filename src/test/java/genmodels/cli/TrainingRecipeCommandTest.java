package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training recipe from the command line: what it writes, and the one-line refusals. */
class TrainingRecipeCommandTest {

    @TempDir
    Path dir;

    private static MainTest.Result train(String command, Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of(command, "-q", "--threads", "1", "--out", out.toString()));
        args.addAll(List.of("--set", "data.dir=" + TestData.mnistSlice()));
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
    void badRecipeValuesAreOneLineErrorsBeforeAnyWork() {
        Path out = dir.resolve("never");
        refused(train("train-vae", out, "train.ema.decay=1.0"), "train.ema.decay must be in [0, 1)");
        refused(
                train("train-vae", out, "train.lr_schedule.name=step", "train.lr_schedule.milestones=[50, 20]"),
                "train.lr_schedule.milestones must be update counts >= 1 in increasing order");
        refused(train("train-vae", out, "train.accumulate=0"), "train.accumulate must be");
        refused(
                train("train-vae", out, "train.epochs=1", "train.lr_schedule.warmup_steps=100000"),
                "train.lr_schedule.warmup_steps is 100000 but the run makes only");
        refused(
                train("train-vae", out, "train.lr_schedule.name=cosine", "train.lr_schedule.min_lr=0.01"),
                "train.lr_schedule.min_lr (0.01) must be below the learning rate of train.optimizer (0.001)");
        refused(train("train-classifier", out, "train.precision=bf16"), "use train.precision: fp32");
        refused(train("train-diffusion", out, "train.ema.decay=0.999"), "model.ema_decay");
        refused(
                train("train-vae", out, "data.image_size=4", "data.augment=[crop]"),
                "data.augment crop pads by 4 pixels per side by reflection, which needs images of more than 4");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void anAugmentationOfPointsIsRefusedAndAFlipOfDigitsWarned() throws Exception {
        Path config = dir.resolve("gmm.yaml");
        Files.writeString(config, "data:\n  augment: [hflip]\n");
        MainTest.Result fit = MainTest.run(
                "fit-gmm",
                "--config",
                config.toString(),
                "--out",
                dir.resolve("g").toString());
        assertEquals(2, fit.code(), fit.err());
        assertTrue(
                fit.err().contains("fits points (pixels, codes or coordinates) as they are: remove data.augment"),
                fit.err());
        MainTest.Result flip = MainTest.run(
                "train-vae",
                "--dry-run",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "data.augment=[hflip]");
        assertEquals(0, flip.code(), flip.err());
        assertTrue(flip.err().contains("warning: data.augment hflip mirrors MNIST's digits"), flip.err());
    }

    @Test
    void aScheduledAveragedRunReportsItsRatesAndBothSetsOfFiguresAndSamplesEitherWeights() throws Exception {
        Path run = dir.resolve("run");
        MainTest.Result r = train(
                "train-ae",
                run,
                "train.epochs=2",
                "train.optimizer.name=adamw",
                "train.optimizer.weight_decay=0.01",
                "train.lr_schedule.name=linear",
                "train.ema.decay=0.9");
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        int lr = List.of(csv.get(0).split(",")).indexOf("lr");
        List<Double> rates = csv.stream()
                .filter(l -> l.contains(",schedule,"))
                .map(l -> Double.parseDouble(l.split(",")[lr]))
                .toList();
        assertEquals(2, rates.size());
        assertTrue(rates.get(0) < 1e-3 && rates.get(1) < rates.get(0), "the rate falls: " + rates);
        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        assertTrue(summary.path("test").has("reconstruction")
                && summary.path("test_raw").has("reconstruction"));
        assertTrue(Files.isRegularFile(run.resolve("model-ema.params")));

        for (String weights : List.of("averaged", "raw")) {
            MainTest.Result e = MainTest.run(
                    "evaluate", "--checkpoint", run.toString(), "--weights", weights, "--importance-samples", "0");
            assertEquals(0, e.code(), e.err());
            JsonNode eval = Json.mapper().readTree(run.resolve("eval.json").toFile());
            assertEquals(
                    weights.equals("raw") ? "trained" : "averaged",
                    eval.path("weights").asText(),
                    eval.toString());
        }
    }
}
