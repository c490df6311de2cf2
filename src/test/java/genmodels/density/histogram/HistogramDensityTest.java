package genmodels.density.histogram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import genmodels.errors.UserError;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramDensityTest {

    @Test
    void aHandWorkedHistogramIncludingTheUpperEdge() {
        // 0, 0.1, 0.2 in [0, 0.5); 0.9 and the maximum 1.0 in [0.5, 1]: 3 / (5 x 0.5) and 2 / (5 x 0.5)
        double[][] x = {{0}, {0.1}, {0.2}, {0.9}, {1.0}};
        HistogramDensity h = HistogramDensity.fit(x, 2);
        assertEquals(1.2, h.density(new double[] {0.3}), 1e-12);
        assertEquals(0.8, h.density(new double[] {1.0}), 1e-12);
        assertEquals(0, h.density(new double[] {1.0001}), 0);
        assertEquals(0, h.density(new double[] {-0.1}), 0);
        HistogramDensity.Score s = h.score(new double[][] {{0.25}, {0.75}, {2}});
        assertEquals((Math.log(1.2) + Math.log(0.8)) / 2, s.meanLogDensity(), 1e-12);
        assertEquals(1, s.zeroDensityPoints());
    }

    @Test
    void itIntegratesToOneIn2dAndHasHolesWhereNoPointFell() {
        Random random = new Random(4);
        double[][] x = new double[300][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {random.nextGaussian(), 2 * random.nextGaussian()};
        }
        HistogramDensity h = HistogramDensity.fit(x, 12);
        double[] w = h.widths();
        double[] lo = h.low();
        double integral = 0;
        int empty = 0;
        for (int a = 0; a < 12; a++) {
            for (int b = 0; b < 12; b++) {
                double p = h.density(new double[] {lo[0] + (a + 0.5) * w[0], lo[1] + (b + 0.5) * w[1]});
                integral += p * w[0] * w[1];
                empty += p == 0 ? 1 : 0;
            }
        }
        assertEquals(1, integral, 1e-12);
        assertEquals(true, empty > 0, "300 Gaussian points leave corner cells of a 12 x 12 grid empty");
    }

    @Test
    void aCoordinateWithoutSpreadIsRefusedInOneLine() {
        UserError e = assertThrows(UserError.class, () -> HistogramDensity.fit(new double[][] {{1, 2}, {3, 2}}, 4));
        assertEquals(
                "model.histogram_bins: every training point has the same coordinate 2 (2.0), so its bins have no"
                        + " width; drop that coordinate or the histogram",
                e.getMessage());
    }
}
