package genmodels.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect on a sweep folder made by hand: four finished runs (2 points x 2 seeds), one failed. */
class CollectTest {

    @TempDir
    Path tmp;

    /** A sweep folder with latent_dim 2, 10, 20 and seeds 1, 2, whose first {@code summaries.length} runs are done. */
    private SweepDirectory sweep(String... summaries) throws Exception {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        grid.put("model.latent_dim", List.of("2", "10", "20"));
        SweepDirectory dir =
                SweepDirectory.create(tmp.resolve("s"), new SweepSpec("train-vae", null, grid, List.of(1, 2), null));
        for (int i = 0; i < summaries.length; i++) {
            Path run = Files.createDirectories(dir.runDir(i));
            Files.writeString(run.resolve("summary.json"), summaries[i]);
            dir.writeState(new SweepDirectory.RunState(i, "done", 0, null, null, null));
        }
        dir.writeState(new SweepDirectory.RunState(summaries.length, "failed", 1, null, null, "error: out of memory"));
        return dir;
    }

    private static String vae(double validation, double test, int kl) {
        return "{\"validation\": {\"neg_elbo\": " + validation + "}, \"test\": {\"neg_elbo\": " + test
                + ", \"kl\": " + kl + "}, \"headline\": {\"figure\": \"validation.neg_elbo\", \"higher_is_better\":"
                + " false}, \"units\": {\"neg_elbo\": \"nats per image\"}}";
    }

    @Test
    void theBestPointIsChosenByTheValidationFigureAndItsTestFigureIsReportedBesideIt() throws Exception {
        // latent 2 is best on test (100, 102) but worse on validation (150, 154) than latent 10 (110, 112)
        SweepDirectory dir =
                sweep(vae(150.0, 100.0, 1), vae(154.0, 102.0, 2), vae(110.0, 120.0, 3), vae(112.0, 122.0, 4));
        Collect.Result r = Collect.write(dir);
        assertEquals(4, r.finished());
        assertEquals(6, r.total());
        assertEquals("validation_neg_elbo", r.headline());
        assertEquals(Map.of("model.latent_dim", "10"), r.bestPoint());
        assertEquals(111.0, r.bestMean(), 1e-12);
        assertNull(r.notRanked());

        List<String> csv = Files.readAllLines(dir.root().resolve("collect.csv"));
        assertEquals("index,model.latent_dim,train.seed,validation_neg_elbo,test_neg_elbo,test_kl", csv.get(0));
        assertEquals(5, csv.size(), "a header and the four finished runs");
        assertEquals("3,10,2,112.0,122.0,4.0", csv.get(4));
        String md = Files.readString(dir.root().resolve("collect.md"));
        // latent 2: validation mean 152, sample sd sqrt(((150-152)^2 + (154-152)^2) / 1) = 2.8284
        assertTrue(md.contains("| 2 | 2 | 152.0000 +- 2.8284 | 101.0000 +- 1.4142 | 1.5000 +- 0.7071 |"), md);
        assertTrue(
                md.contains("Best point by validation_neg_elbo (lower is better): {model.latent_dim=10}, mean"
                        + " 111.0000; its test_neg_elbo 121.0000. Chosen on the validation split; test figures are"
                        + " reported, never used to choose."),
                md);
        assertNotNull(ImageIO.read(dir.root().resolve("collect.png").toFile()), "the plot decodes");
        assertEquals(0.0, Collect.sd(new double[] {3}), 0);
    }

    @Test
    void runsWithoutAValidationSplitAreNotRankedAndCollectSaysHowToGetOne() throws Exception {
        String testOnly = "{\"test\": {\"neg_elbo\": 100.0}, \"headline\": {\"figure\": \"test.neg_elbo\","
                + " \"higher_is_better\": false}}";
        SweepDirectory dir = sweep(testOnly, testOnly.replace("100.0", "90.0"));
        Collect.Result r = Collect.write(dir);
        assertNull(r.bestPoint());
        assertEquals("test_neg_elbo", r.headline(), "the test figure is still reported and plotted");
        assertTrue(r.notRanked().contains("on the test split only (data.validation is 0)"), r.notRanked());
        assertTrue(r.notRanked().contains("--set data.validation=0.1"), r.notRanked());
        String md = Files.readString(dir.root().resolve("collect.md"));
        assertTrue(md.contains("No best point: the runs measured their headline figure, neg_elbo"), md);
        assertFalse(md.contains("Best point by"), md);
    }

    @Test
    void aModelThatDeclaresNoHeadlineIsNotRankedAndItsOwnReasonIsGiven() throws Exception {
        String gan = "{\"test\": {\"d_loss\": 0.5, \"g_loss\": 2.0}, \"headline\": {\"figure\": null,"
                + " \"not_ranked\": \"the gan model's loss terms do not measure sample quality\"}}";
        Collect.Result r = Collect.write(sweep(gan, gan.replace("0.5", "0.1")));
        assertNull(r.bestPoint());
        assertNull(r.headline());
        assertEquals("the gan model's loss terms do not measure sample quality.", r.notRanked());
    }

    @Test
    void aGanWithAClassifierIsRankedByItsSamplesDistanceToTheValidationImages() throws Exception {
        String gan = "{\"test\": {\"d_loss\": 0.5}, \"samples\": {\"fd_validation\": 40.0}, \"headline\":"
                + " {\"figure\": \"samples.fd_validation\", \"higher_is_better\": false}}";
        Collect.Result r = Collect.write(sweep(gan, gan, gan.replace("40.0", "30.0"), gan.replace("40.0", "32.0")));
        assertEquals("samples_fd_validation", r.headline());
        assertEquals(Map.of("model.latent_dim", "10"), r.bestPoint());
        assertEquals(31.0, r.bestMean(), 1e-12);
        String md = Files.readString(tmp.resolve("s/collect.md"));
        assertTrue(md.contains("Chosen on samples against the validation images"), md);
    }
}
