package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-classifier and evaluate on tiny models trained on the slice. */
class EvaluateCommandTest {

    @TempDir
    static Path dir;

    static Path classifier;
    static Path vae;
    static Path ae;

    private static void train(String command, Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of(
                command,
                "-q",
                "--threads",
                "1",
                "--set",
                "data.dir=" + TestData.mnistSlice(),
                "--set",
                "train.epochs=2",
                "--set",
                "train.batch_size=50",
                "--out",
                out.toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        MainTest.Result r = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
    }

    @BeforeAll
    static void trainModels() {
        classifier = dir.resolve("clf");
        train(
                "train-classifier",
                classifier,
                "model.channels=[8,16]",
                "model.hidden=32",
                "train.epochs=5",
                "train.optimizer.lr=0.003");
        vae = dir.resolve("vae");
        train("train-vae", vae, "model.hidden=[64]", "model.latent_dim=4");
        ae = dir.resolve("ae");
        train("train-ae", ae, "model.layers=[784,64,2]");
    }

    private static JsonNode eval(Path run) throws IOException {
        return Json.mapper().readTree(run.resolve("eval.json").toFile());
    }

    @Test
    void aVaeGetsItsElboImportanceWeightedNllAndSampleQuality() throws IOException {
        MainTest.Result r = MainTest.run(
                "evaluate",
                "--checkpoint",
                vae.toString(),
                "--classifier",
                classifier.toString(),
                "--importance-samples",
                "20",
                "--samples",
                "500",
                "--threads",
                "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("classifier-feature Frechet distance"), r.out());
        JsonNode e = eval(vae);
        double elbo = e.path("neg_elbo").path("nats").asDouble();
        double iw = e.path("importance_weighted_nll").path("nats").asDouble();
        assertTrue(iw < elbo, "the importance-weighted bound is tighter: " + iw + " vs " + elbo);
        assertEquals(
                iw / (784 * Math.log(2)),
                e.path("importance_weighted_nll").path("bits_per_dim").asDouble(),
                1e-9);
        JsonNode prior = e.path("samplers").path("prior");
        assertTrue(prior.path("classifier_feature_frechet_distance").asDouble()
                > prior.path("floor_train_vs_test").asDouble());
        // the class entropy is -sum p log p of the reported predicted-class counts, recomputed here
        JsonNode counts = prior.path("class_counts");
        assertEquals(10, counts.size(), prior.toString());
        double total = 0;
        for (JsonNode c : counts) {
            total += c.asDouble();
        }
        assertEquals(500, total, 0, "one predicted class per generated image");
        double entropy = 0;
        for (JsonNode c : counts) {
            double p = c.asDouble() / total;
            entropy -= p > 0 ? p * Math.log(p) : 0;
        }
        assertEquals(entropy, prior.path("class_entropy_nats").asDouble(), 1e-9);

        MainTest.Result again = MainTest.run(
                "evaluate",
                "--checkpoint",
                vae.toString(),
                "--classifier",
                classifier.toString(),
                "--importance-samples",
                "0",
                "--samples",
                "500",
                "--sampler",
                "normal",
                "--threads",
                "1");
        assertEquals(0, again.code(), again.err());
        JsonNode merged = eval(vae);
        assertTrue(
                merged.path("samplers").has("prior") && merged.path("samplers").has("normal"),
                "eval.json keeps both samplers");
    }

    @Test
    void metricsThatDoNotApplyAreNamedNotFailed() throws IOException {
        MainTest.Result r = MainTest.run(
                "evaluate",
                "--checkpoint",
                ae.toString(),
                "--classifier",
                classifier.toString(),
                "--samples",
                "300",
                "--threads",
                "1");
        assertEquals(0, r.code(), r.err());
        JsonNode e = eval(ae);
        assertFalse(e.has("neg_elbo") || e.has("importance_weighted_nll"), "an autoencoder declares neither: " + e);
        assertTrue(e.path("reconstruction").path("bce_per_image").asDouble() > 0);
        assertEquals(
                e.path("test_loss_terms").path("reconstruction").asDouble(),
                e.path("reconstruction").path("bce_per_image").asDouble(),
                1e-3,
                "a BCE autoencoder: the same figure");
        assertTrue(e.path("samplers").path("prior").asText().contains("not applicable: an ae has no prior"));

        MainTest.Result c = MainTest.run("evaluate", "--checkpoint", classifier.toString(), "--threads", "1");
        assertEquals(0, c.code(), c.err());
        JsonNode ce = eval(classifier);
        assertTrue(ce.path("test_loss_terms").path("accuracy").asDouble() > 0.5, ce.toString());
        assertFalse(ce.has("reconstruction"));
        assertEquals(
                "not applicable: a classifier does not generate images",
                ce.path("samplers").path("prior").asText());

        MainTest.Result noClassifier =
                MainTest.run("evaluate", "--checkpoint", ae.toString(), "--sampler", "gmm", "--threads", "1");
        assertEquals(0, noClassifier.code(), noClassifier.err());
        assertTrue(eval(ae).path("samplers").path("gmm").asText().contains("give --classifier RUN"));
    }

    @Test
    void aDensityFitIsScoredAgain() throws IOException {
        Path fit = dir.resolve("gmm");
        MainTest.Result f = MainTest.run(
                "fit-gmm",
                "--config",
                "configs/gmm-three-bumps.yaml",
                "--set",
                "model.components=3",
                "--threads",
                "1",
                "--out",
                fit.toString());
        assertEquals(0, f.code(), f.err());
        MainTest.Result r = MainTest.run("evaluate", "--checkpoint", fit.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode summary = Json.mapper().readTree(fit.resolve("summary.json").toFile());
        JsonNode e = eval(fit);
        assertEquals(
                summary.path("test").path("mean_log_likelihood").asDouble(),
                e.path("test_mean_log_likelihood").asDouble(),
                1e-9);
        assertEquals(summary.path("bic").asDouble(), e.path("bic").asDouble(), 1e-6);
    }

    @Test
    void compareWritesOneTable() throws IOException {
        Path md = dir.resolve("table.md");
        MainTest.Result r = MainTest.run(
                "evaluate",
                "--compare",
                ae + ":gmm",
                ae + ":prior",
                vae + ":prior",
                "--classifier",
                classifier.toString(),
                "--importance-samples",
                "5",
                "--samples",
                "300",
                "--threads",
                "1",
                "--output",
                md.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(md);
        assertTrue(
                lines.get(0)
                        .startsWith(
                                "| run | model | sampler | recon BCE (nats) | MSE/pixel | test -ELBO (nats) | -ELBO bits/dim |"
                                        + " IW NLL (nats) | IW bits/dim | classifier-feature FD |"),
                lines.get(0)); // in the order the runs bring them
        assertEquals(5 + 1, lines.stream().filter(l -> l.startsWith("|")).count(), String.join("\n", lines));
        assertTrue(lines.get(3).contains("n/a: no prior"), lines.get(3));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| test images (reference)")));
        assertTrue(Files.exists(dir.resolve("table.json")));
    }

    @Test
    void badEvaluateUsageIsAOneLineError() {
        MainTest.Result none = MainTest.run("evaluate");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("give either --checkpoint RUN or --compare"), none.err());
        MainTest.Result wrong = MainTest.run("evaluate", "--checkpoint", ae.toString(), "--classifier", vae.toString());
        assertEquals(2, wrong.code());
        assertTrue(
                wrong.err()
                        .contains("--classifier: " + vae + " holds a vae, not a classifier; give the run directory"
                                + " of genmodels train-classifier"),
                wrong.err());
    }
}
