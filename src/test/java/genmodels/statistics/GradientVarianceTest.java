package genmodels.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two gradient estimators against their closed forms: for f(z) = (z - 3)^2, z ~ N(0, 1), the
 * gradient is -6; the reparameterisation's variance at one draw is 4 sigma^2 = 4, the score
 * function's E[(eps - 3)^4 eps^2] - 36 = (15 + 54 * 3 + 81) - 36 = 222.
 */
class GradientVarianceTest {

    @TempDir
    Path dir;

    @Test
    void bothAreUnbiasedAndTheirVariancesMatchTheClosedForms() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("g").toString(), "gradients");
        GradientVariance.run(0, 1, 3, new int[] {1, 100}, 40_000, 7, run, new PrintWriter(new StringWriter()));
        JsonNode one = Json.mapper()
                .readTree(run.summary().toFile())
                .path("by_samples")
                .path(0);
        assertEquals(-6, one.path("reparameterisation_mean").asDouble(), 0.05);
        assertEquals(-6, one.path("score_function_mean").asDouble(), 0.3);
        assertEquals(4, one.path("reparameterisation_variance").asDouble(), 0.2);
        assertEquals(222, one.path("score_function_variance").asDouble(), 25);
        JsonNode hundred = Json.mapper()
                .readTree(run.summary().toFile())
                .path("by_samples")
                .path(1);
        assertEquals(0.04, hundred.path("reparameterisation_variance").asDouble(), 0.003, "falls as 1/S");
        assertTrue(run.root().resolve("gradient_variance.png").toFile().isFile());
    }

    @Test
    void theSampleVarianceIsTheUnbiasedOne() {
        assertEquals(1.0, GradientVariance.variance(new double[] {1, 2, 3}), 1e-12);
        assertEquals(2.0, GradientVariance.mean(new double[] {1, 2, 3}), 1e-12);
    }
}
