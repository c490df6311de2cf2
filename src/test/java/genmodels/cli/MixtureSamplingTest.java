package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampling a fitted 1-D mixture (pick a component by its weight, then draw from it), shown on
 * density.png: the draws fall in each bump in the proportion of the fitted weights.
 */
class MixtureSamplingTest {

    @TempDir
    Path dir;

    @Test
    void drawsFallInEachComponentInProportionToItsWeight() throws Exception {
        Path out = dir.resolve("bumps");
        MainTest.Result r = MainTest.run(
                "fit-gmm",
                "--config",
                "configs/gmm-three-bumps.yaml",
                "--threads",
                "1",
                "--set",
                "model.components=[3]",
                "--set",
                "output.samples=6000",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("density.png")));
        JsonNode gmm = Json.mapper().readTree(out.resolve("gmm.json").toFile());
        double[] w = new double[3];
        double[] mu = new double[3];
        for (int c = 0; c < 3; c++) {
            w[c] = gmm.path("weights").get(c).asDouble();
            mu[c] = gmm.path("means").get(c).get(0).asDouble();
        }
        List<String> lines = Files.readAllLines(out.resolve("samples.csv"));
        int[] nearest = new int[3];
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            double x = Double.parseDouble(line.split(",")[line.split(",").length - 1]);
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (Math.abs(x - mu[c]) < Math.abs(x - mu[best])) {
                    best = c;
                }
            }
            nearest[best]++;
            n++;
        }
        assertEquals(6000, n);
        for (int c = 0; c < 3; c++) {
            // the bumps overlap a little (a few % of draws land nearer another mean); 0.05 covers it and
            // is over 7 standard errors of a share of 6,000 draws
            assertEquals(w[c], nearest[c] / (double) n, 0.05, "component " + c + " of weight " + w[c]);
        }
    }
}
