package genmodels.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import genmodels.models.FrechetDistance;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FID, KID and precision/recall against SciPy's sqrtm, the unbiased MMD and the NumPy definition of
 * precision/recall on the same feature sets (src/test/resources/features/reference.npz, written by
 * bench/make-feature-fixtures.py).
 */
class FeatureFiguresTest {

    static final Path RESOURCES = Path.of("src/test/resources/features");

    static NDList reference(NDManager m) throws Exception {
        try (InputStream in = Files.newInputStream(RESOURCES.resolve("reference.npz"))) {
            return NDList.decode(m, in);
        }
    }

    private static double expected(NDList ref) {
        return ref.get("fid_ab").getDouble();
    }

    @Test
    void frechetDistanceMatchesScipySqrtm() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList ref = reference(m);
            FeatureFigures.Side a = FeatureFigures.Side.of("a", ref.get("a"));
            FeatureFigures.Side b = FeatureFigures.Side.of("b", ref.get("b"));
            List<String> warnings = new ArrayList<>();
            double fid = FeatureFigures.frechet(a, b, warnings::add, null);
            assertEquals(expected(ref), FeatureFigures.frechet(a, b, warnings::add, m), 1e-9 * expected(ref));
            double expected = ref.get("fid_ab").getDouble();
            assertEquals(expected, fid, 1e-9 * expected);
            assertTrue(warnings.isEmpty(), warnings.toString());
        }
    }

    @Test
    void singularCovarianceWarnsAndAddsPytorchFidsOffset() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList ref = reference(m);
            List<String> warnings = new ArrayList<>();
            double fid = FeatureFigures.frechet(
                    FeatureFigures.Side.of("c.npy", ref.get("c")),
                    FeatureFigures.Side.of("d", ref.get("d")),
                    warnings::add,
                    m);
            double expected = ref.get("fid_cd").getDouble();
            assertEquals(expected, fid, 1e-6 * expected);
            assertEquals(1, warnings.size());
            assertTrue(
                    warnings.get(0).contains("c.npy has 6 images but the features have 8 dimensions"), warnings.get(0));
            assertTrue(warnings.get(0).contains("give at least 9 images"), warnings.get(0));
            assertTrue(warnings.get(0).contains("adding 1.0E-6 to diagonal of cov estimates"), warnings.get(0));
        }
    }

    @Test
    void kernelDistanceOnWholeSetsIsTheUnbiasedMmd() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList ref = reference(m);
            NDArray a = ref.get("a").get(new NDIndex("0:250"));
            // subsets as large as the sets: every subset is the whole set, so each estimate is the same
            KernelDistance.Result kid = KernelDistance.of(ref.get("b"), a, 3, 250, 7);
            double expected = ref.get("mmd_ab").getDouble();
            assertEquals(expected, kid.mean(), 1e-9 * Math.abs(expected));
            assertEquals(0, kid.std(), 1e-9 * Math.abs(expected));
            // random subsets of 100: a noisy estimate of the same quantity
            KernelDistance.Result sub = KernelDistance.of(ref.get("b"), a, 50, 100, 7);
            assertTrue(Math.abs(sub.mean() - expected) < 4 * sub.std(), sub + " vs " + expected);
        }
    }

    @Test
    void precisionRecallMatchTheNumpyDefinition() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList ref = reference(m);
            PrecisionRecall.Result pr = PrecisionRecall.of(ref.get("b"), ref.get("a"), 3);
            assertEquals(ref.get("precision_ab").getDouble(), pr.precision(), 1e-12);
            assertEquals(ref.get("recall_ab").getDouble(), pr.recall(), 1e-12);
            // a set against itself: every point lies in its own ball
            PrecisionRecall.Result self = PrecisionRecall.of(ref.get("a"), ref.get("a"), 3);
            assertEquals(1.0, self.precision());
            assertEquals(1.0, self.recall());
        }
    }

    @Test
    void statisticsRoundTripAndPytorchFidFilesRead() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList ref = reference(m);
            FrechetDistance.Moments moments = FrechetDistance.moments(ref.get("a"));
            FrechetDistance.Moments published = StatisticsFile.read(RESOURCES.resolve("pytorch-fid-stats.npz"), m);
            for (int i = 0; i < moments.covariance().length; i++) {
                assertEquals(published.covariance()[i], moments.covariance()[i], 1e-12);
            }
            Path file = Files.createTempDirectory("stats").resolve("stats.npz");
            StatisticsFile.write(file, moments, m);
            FrechetDistance.Moments back = StatisticsFile.read(file, m);
            assertEquals(java.util.Arrays.toString(moments.mean()), java.util.Arrays.toString(back.mean()));
            assertEquals(java.util.Arrays.toString(moments.covariance()), java.util.Arrays.toString(back.covariance()));
            assertTrue(StatisticsFile.holdsStatistics(file, m));
        }
    }
}
