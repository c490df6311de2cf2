package genmodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import genmodels.TestData;
import genmodels.engine.Threads;
import genmodels.train.RunSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench rows of the generic fits come from the density registry and measure a real fit. */
class DensityBenchmarkTest {

    @Test
    void everyGenericFitIsARowOfTheFullBenchOnly() {
        assertEquals(List.of("gaussian", "histogram", "tmm"), DensityBenchmark.rows());
        assertTrue(BenchmarkSuite.rows(true).containsAll(DensityBenchmark.rows()));
        assertFalse(BenchmarkSuite.rows(false).contains("tmm"));
    }

    @Test
    void theGaussianRowFitsAndScoresTheTestPoints() {
        PrintWriter out = new PrintWriter(new StringWriter());
        RunSettings settings = new RunSettings(Device.cpu(), Threads.parse("1"), true, out, out, false);
        Map<String, Object> f = DensityBenchmark.run("gaussian", TestData.slice(), settings);
        assertEquals(2, ((Number) f.get("dimension")).intValue()); // the shipped config's 2 PCA features
        double score = ((Number) f.get("test_mean_log_likelihood")).doubleValue();
        assertTrue(Double.isFinite(score) && score < 0, "test mean log-likelihood " + score);
        assertTrue(((Number) f.get("fit_seconds")).doubleValue() > 0);
    }
}
