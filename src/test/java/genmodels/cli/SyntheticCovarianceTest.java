package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.Json;
import genmodels.plot.Charts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Correlated synthetic draws: data.synthetic.covariances, mean + L z with S = L L^T. */
class SyntheticCovarianceTest {

    @TempDir
    Path dir;

    private MainTest.Result fit(Path out, String covariances, int n) {
        return MainTest.run(
                "fit-gmm",
                "--config",
                "configs/gmm-blobs-2d.yaml",
                "--threads",
                "1",
                "--set",
                "model.components=[1]",
                "--set",
                "data.synthetic.weights=[1.0]",
                "--set",
                "data.synthetic.means=[[1.0, -2.0]]",
                "--set",
                "data.synthetic.covariances=" + covariances,
                "--set",
                "data.synthetic.train_size=" + n,
                "--out",
                out.toString());
    }

    @Test
    void oneFullCovarianceComponentIsRecoveredByItsMaximumLikelihoodFit() throws Exception {
        MainTest.Result r = fit(dir.resolve("corr"), "[[[2.0, 1.2], [1.2, 1.0]]]", 40_000);
        assertEquals(0, r.code(), r.err());
        JsonNode gmm = Json.mapper().readTree(dir.resolve("corr/gmm.json").toFile());
        JsonNode mean = gmm.path("means").get(0);
        JsonNode cov = gmm.path("covariances").get(0);
        // the MLE of 40,000 draws: the standard error of each entry is below 0.015 here, so 0.05 is > 3 of them
        assertEquals(1.0, mean.get(0).asDouble(), 0.05);
        assertEquals(-2.0, mean.get(1).asDouble(), 0.05);
        assertEquals(2.0, cov.get(0).get(0).asDouble(), 0.05);
        assertEquals(1.2, cov.get(0).get(1).asDouble(), 0.05);
        assertEquals(1.0, cov.get(1).get(1).asDouble(), 0.05);
        double correlation = cov.get(0).get(1).asDouble()
                / Math.sqrt(cov.get(0).get(0).asDouble() * cov.get(1).get(1).asDouble());
        assertEquals(1.2 / Math.sqrt(2.0), correlation, 0.02, "the draws are correlated as asked");
        // the filled density plot spans the scale: the densest cell in its darkest blue, empty space white
        java.awt.image.BufferedImage filled = javax.imageio.ImageIO.read(
                dir.resolve("corr/density_filled.png").toFile());
        boolean darkest = false;
        for (int y = 0; y < filled.getHeight() && !darkest; y++) {
            for (int x = 0; x < filled.getWidth() && !darkest; x++) {
                java.awt.Color c = new java.awt.Color(filled.getRGB(x, y));
                darkest =
                        Math.abs(c.getRed() - 0x08) + Math.abs(c.getGreen() - 0x30) + Math.abs(c.getBlue() - 0x6b) < 24;
            }
        }
        assertTrue(darkest, "the maximum density is drawn in the scale's top colour");
    }

    @Test
    void tickLabelsNeverSayMinusZero() {
        assertEquals("0", Charts.tick("0.#", -1e-17));
        assertEquals("0.0", Charts.tick("0.0", -0.0));
        assertEquals("-0.5", Charts.tick("0.#", -0.5));
    }

    @Test
    void aCovarianceThatIsNotPositiveDefiniteOrSymmetricIsRefusedInOneLine() {
        MainTest.Result indefinite = fit(dir.resolve("a"), "[[[1.0, 2.0], [2.0, 1.0]]]", 100);
        assertEquals(2, indefinite.code());
        assertTrue(indefinite.err().contains("covariance of component 1 must be positive definite"), indefinite.err());
        MainTest.Result asymmetric = fit(dir.resolve("b"), "[[[1.0, 0.5], [0.2, 1.0]]]", 100);
        assertEquals(2, asymmetric.code());
        assertTrue(asymmetric.err().contains("must be symmetric"), asymmetric.err());
        MainTest.Result shape = fit(dir.resolve("c"), "[[[1.0]]]", 100);
        assertEquals(2, shape.code());
        assertTrue(shape.err().contains("must be 2 x 2"), shape.err());
        assertEquals(1, indefinite.err().strip().lines().count(), indefinite.err());
    }
}
