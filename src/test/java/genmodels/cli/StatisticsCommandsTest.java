package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explain commands (kl, dimensions, sliced, gradients, manifold): files, figures, one-line errors. */
class StatisticsCommandsTest {

    @TempDir
    Path dir;

    @Test
    void slicedDrawsItsStepsAndRefusesAnEmptySet() throws Exception {
        MainTest.Result r = MainTest.run(
                "sliced",
                "--points",
                "20",
                "--directions",
                "200",
                "--out",
                dir.resolve("s").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("s/sliced.png")));
        JsonNode s = Json.mapper().readTree(dir.resolve("s/summary.json").toFile());
        assertEquals(3, s.path("shown_squared_w2").size());
        double squared = s.path("sw2_squared").asDouble();
        double meanSqrt = s.path("mean_sqrt").asDouble();
        assertTrue(squared > 0 && meanSqrt <= Math.sqrt(squared), squared + " " + meanSqrt);
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "SW2^2 = %.5f", squared)), r.out());
        MainTest.Result bad = MainTest.run(
                "sliced", "--points", "0", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertEquals("error: --points 0: give 1 to 10000", bad.err().strip());
        assertTrue(!Files.exists(dir.resolve("bad")));
    }

    @Test
    void klWritesBothDirectionsAndItsFigures() throws Exception {
        MainTest.Result r = MainTest.run(
                "kl",
                "--p",
                "9/25,12/25,4/25",
                "--q",
                "1/3,1/3,1/3",
                "--gaussian-p",
                "0,1",
                "--gaussian-q",
                "1,2",
                "--out",
                dir.resolve("kl").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("KL(P||Q) = 0.0852996 nats, KL(Q||P) = 0.0974550 nats"), r.out());
        JsonNode s = Json.mapper().readTree(dir.resolve("kl/summary.json").toFile());
        assertEquals(Math.log(2) - 0.25, s.path("gaussian").path("kl_p_q").asDouble(), 1e-12);
        assertTrue(Files.isRegularFile(dir.resolve("kl/kl_discrete.png")));
        assertTrue(Files.isRegularFile(dir.resolve("kl/kl_gaussian.png")));
        assertEquals(0.0852996, genmodels.io.Headline.of(dir.resolve("kl")).value(), 1e-7);
    }

    @Test
    void klRefusesWhatIsNotADistribution() {
        MainTest.Result sum = MainTest.run(
                "kl",
                "--p",
                "0.5,0.6",
                "--q",
                "0.5,0.5",
                "--out",
                dir.resolve("a").toString());
        assertEquals(2, sum.code());
        assertTrue(
                sum.err().contains("--p 0.5,0.6: probabilities must be >= 0 and sum to 1, these sum to 1.1"),
                sum.err());
        MainTest.Result word = MainTest.run(
                "kl", "--p", "a,b", "--q", "1", "--out", dir.resolve("b").toString());
        assertTrue(word.err().contains("'a' is not a number or a fraction"), word.err());
        MainTest.Result sigma = MainTest.run("kl", "--gaussian-p", "0,-1", "--gaussian-q", "0,1");
        assertTrue(sigma.err().contains("give MU,SIGMA with SIGMA > 0"), sigma.err());
        MainTest.Result none = MainTest.run("kl", "--p", "1");
        assertTrue(none.err().contains("give --p and --q"), none.err());
        assertTrue(!Files.exists(dir.resolve("a")) && !Files.exists(dir.resolve("b")), "nothing written");
    }

    @Test
    void dimensionsMeasuresEmptyCellsAndContrast() throws Exception {
        MainTest.Result r = MainTest.run(
                "dimensions",
                "--points",
                "500",
                "--max-cell-dimension",
                "4",
                "--distance-dimensions",
                "2,20,200",
                "--queries",
                "10",
                "--out",
                dir.resolve("d").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s = Json.mapper().readTree(dir.resolve("d/summary.json").toFile());
        JsonNode contrast = s.path("relative_contrast").path("values");
        assertTrue(contrast.get(0).asDouble() > contrast.get(2).asDouble(), contrast.toString());
        assertEquals(4, s.path("empty_cells").path("measured").size());
        for (String f : new String[] {"empty_cells.png", "distances.png", "distance_spread.png"}) {
            assertTrue(Files.isRegularFile(dir.resolve("d").resolve(f)), f);
        }
        MainTest.Result bad = MainTest.run("dimensions", "--bins", "1");
        assertEquals(2, bad.code());
        assertEquals("error: --bins 1: give 2 to 100", bad.err().strip());
    }

    @Test
    void gradientsAndManifoldRunUnderExplainAndRefuseBadOptions() throws Exception {
        MainTest.Result g = MainTest.run(
                "explain",
                "gradients",
                "--samples",
                "1,10",
                "--repeats",
                "200",
                "--out",
                dir.resolve("g").toString());
        assertEquals(0, g.code(), g.err());
        assertTrue(Files.isRegularFile(dir.resolve("g/gradient_variance.png")));
        assertEquals(
                2,
                Json.mapper()
                        .readTree(dir.resolve("g/summary.json").toFile())
                        .path("by_samples")
                        .size());
        MainTest.Result m = MainTest.run(
                "explain",
                "manifold",
                "--points",
                "200",
                "--out",
                dir.resolve("m").toString());
        assertEquals(0, m.code(), m.err());
        assertTrue(Files.isRegularFile(dir.resolve("m/manifold.png")));
        MainTest.Result sigma = MainTest.run(
                "gradients", "--sigma", "0", "--out", dir.resolve("bad").toString());
        assertEquals(2, sigma.code());
        assertEquals("error: --sigma 0.0: give a positive number", sigma.err().strip());
        MainTest.Result order = MainTest.run(
                "gradients", "--samples", "10,1", "--out", dir.resolve("bad").toString());
        assertEquals(2, order.code());
        assertTrue(order.err().contains("--samples: give increasing counts"), order.err());
        MainTest.Result points = MainTest.run(
                "manifold", "--points", "1", "--out", dir.resolve("bad").toString());
        assertEquals(2, points.code());
        assertEquals("error: --points 1: give 2 to 20000", points.err().strip());
        assertTrue(!Files.exists(dir.resolve("bad")), "nothing written for a refused option");
    }
}
