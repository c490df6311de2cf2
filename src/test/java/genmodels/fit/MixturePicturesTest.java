package genmodels.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmOptions;
import genmodels.plot.DensityCharts;
import java.awt.Color;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** The ellipses, the colour mix and the EM snapshots, each against a computation of its own. */
class MixturePicturesTest {

    @Test
    void everyEllipsePointIsAtTheMahalanobisRadius() {
        double[][] s = {{2.0, 1.2}, {1.2, 1.0}};
        double[] mean = {1, -2};
        double det = s[0][0] * s[1][1] - s[0][1] * s[1][0];
        double[][] inv = {{s[1][1] / det, -s[0][1] / det}, {-s[1][0] / det, s[0][0] / det}};
        for (double r : new double[] {1, 2}) {
            double[][] e = MixturePictures.ellipse(mean, s, r, 64);
            for (int i = 0; i < e[0].length; i++) {
                double dx = e[0][i] - mean[0];
                double dy = e[1][i] - mean[1];
                double m = dx * (inv[0][0] * dx + inv[0][1] * dy) + dy * (inv[1][0] * dx + inv[1][1] * dy);
                assertEquals(r * r, m, 1e-9, "point " + i);
            }
        }
        double[][] diagonal = MixturePictures.ellipse(new double[] {0, 0}, new double[][] {{4, 0}, {0, 1}}, 1, 4);
        assertEquals(2.0, diagonal[0][0], 1e-12, "the major semi-axis is sqrt(4) along x");
    }

    @Test
    void aPointsColourIsItsResponsibilityWeightedMix() {
        assertEquals(DensityCharts.componentColor(1), MixturePictures.mix(new double[] {0, 1, 0}));
        Color a = DensityCharts.componentColor(0);
        Color b = DensityCharts.componentColor(2);
        Color half = MixturePictures.mix(new double[] {0.5, 0, 0.5});
        assertEquals(Math.round((a.getRed() + b.getRed()) / 2.0), half.getRed(), 1);
        assertEquals(Math.round((a.getGreen() + b.getGreen()) / 2.0), half.getGreen(), 1);
        assertEquals(Math.round((a.getBlue() + b.getBlue()) / 2.0), half.getBlue(), 1);
    }

    @Test
    void aSnapshotAtIterationTIsTheFitStoppedAfterTIterations() {
        Random random = new Random(3);
        double[] flat = new double[2 * 600];
        for (int i = 0; i < 600; i++) {
            double cx = i % 3 == 0 ? -3 : i % 3 == 1 ? 0 : 3;
            flat[2 * i] = cx + random.nextGaussian();
            flat[2 * i + 1] = (i % 3 == 1 ? 3 : 0) + 0.5 * random.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(flat, new Shape(600, 2));
            GmmOptions options = new GmmOptions(3, CovarianceType.FULL, "random_from_data", 1, 100, 1e-6, 1e-6, 9);
            EmSnapshots snapshots = new EmSnapshots(GaussianMixture.Iterations.NONE, List.of(0, 1, 4));
            GaussianMixture fitted = GaussianMixture.fit(x, options, snapshots);
            SortedMap<Integer, GaussianMixture> kept = snapshots.ofBest();
            assertEquals(List.of(0, 1, 4), List.copyOf(kept.keySet()));
            for (int t : new int[] {1, 4}) {
                GmmOptions stopped = new GmmOptions(3, CovarianceType.FULL, "random_from_data", 1, t, 1e-6, 1e-6, 9);
                GaussianMixture alone = GaussianMixture.fit(x, stopped); // the same seed: the same start
                for (int c = 0; c < 3; c++) {
                    assertArrayEquals(alone.means()[c], kept.get(t).means()[c], 1e-12, "iteration " + t);
                }
                assertArrayEquals(alone.covariances(), kept.get(t).covariances(), 1e-12, "iteration " + t);
            }
            assertEquals(List.of(), snapshots.unreached());
            // of two restarts, the one with the higher final bound is the one kept
            EmSnapshots two = new EmSnapshots(GaussianMixture.Iterations.NONE, List.of(1));
            GaussianMixture worse =
                    GaussianMixture.fit(x, new GmmOptions(3, CovarianceType.FULL, "random", 1, 1, 1e-6, 1e-6, 1));
            two.snapshot(0, 1, worse);
            two.snapshot(1, 1, fitted);
            assertEquals(fitted, two.ofBest().get(1));
            assertEquals(List.of(), two.unreached());
            org.junit.jupiter.api.Assertions.assertTrue(fitted.nIter() >= 4, "the fit ran past the last snapshot");
        }
    }
}
