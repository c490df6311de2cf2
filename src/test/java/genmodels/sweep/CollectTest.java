package genmodels.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

    @Test
    void meansAndDeviationsOverSeedsTheBestPointAndAPlot() throws Exception {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        grid.put("model.latent_dim", List.of("2", "10", "20"));
        SweepDirectory dir =
                SweepDirectory.create(tmp.resolve("s"), new SweepSpec("train-vae", null, grid, List.of(1, 2), null));
        double[] elbo = {150.0, 154.0, 110.0, 112.0}; // runs 0-3: latent 2 (seeds 1, 2), latent 10 (seeds 1, 2)
        for (int i = 0; i < 4; i++) {
            Path run = Files.createDirectories(dir.runDir(i));
            Files.writeString(
                    run.resolve("summary.json"),
                    "{\"test\": {\"neg_elbo\": " + elbo[i] + ", \"kl\": " + (i + 1) + "}}");
            dir.writeState(new SweepDirectory.RunState(i, "done", 0, "neg_elbo", elbo[i], null));
        }
        dir.writeState(new SweepDirectory.RunState(4, "failed", 1, null, null, "error: out of memory"));
        Collect.Result r = Collect.write(dir);
        assertEquals(4, r.finished());
        assertEquals(6, r.total());
        assertEquals("test_neg_elbo", r.headline());
        assertEquals(Map.of("model.latent_dim", "10"), r.bestPoint());
        assertEquals(111.0, r.bestMean(), 1e-12);

        List<String> csv = Files.readAllLines(dir.root().resolve("collect.csv"));
        assertEquals("index,model.latent_dim,train.seed,test_neg_elbo,test_kl", csv.get(0));
        assertEquals(5, csv.size(), "a header and the four finished runs");
        assertEquals("3,10,2,112.0,4.0", csv.get(4));
        String md = Files.readString(dir.root().resolve("collect.md"));
        // latent 2: mean 152, sample sd sqrt(((150-152)^2 + (154-152)^2) / 1) = 2.8284
        assertTrue(md.contains("| 2 | 2 | 152.0000 +- 2.8284 | 1.5000 +- 0.7071 |"), md);
        assertTrue(md.contains("| 10 | 2 | 111.0000 +- 1.4142 |"), md);
        assertTrue(
                md.contains("Best point by test_neg_elbo (lower is better): {model.latent_dim=10}, mean 111.0000."),
                md);
        assertNotNull(ImageIO.read(dir.root().resolve("collect.png").toFile()), "the plot decodes");
        assertEquals(0.0, Collect.sd(new double[] {3}), 0);
    }
}
