package genmodels.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Empty cells against their expectation; the relative contrast against a second computation. */
class HighDimensionsTest {

    @Test
    void theEmptyShareOfUniformPointsMatchesItsExpectation() {
        int n = 2000;
        for (int d = 1; d <= 5; d++) {
            double measured = HighDimensions.emptyCellShare(HighDimensions.uniform(n, d, 7 + d), 6);
            double expected = HighDimensions.expectedEmptyShare(n, d, 6);
            double cells = Math.pow(6, d);
            // the empty count's standard deviation is below sqrt(cells * e (1 - e)); allow 4 of them
            double tolerance = 4 * Math.sqrt(cells * expected * (1 - expected)) / cells + 1e-12;
            assertEquals(expected, measured, tolerance, "d = " + d);
        }
        assertEquals(Math.pow(1 - 1.0 / 1000, 2000), HighDimensions.expectedEmptyShare(2000, 3, 10), 1e-12);
    }

    @Test
    void theRelativeContrastIsTheSpreadOfSortedDistancesAndShrinksWithTheDimension() {
        double[][] x = HighDimensions.uniform(300, 8, 3);
        double byHand = 0;
        for (int q = 0; q < 10; q++) {
            double[] d = new double[x.length - 1];
            int k = 0;
            for (int i = 0; i < x.length; i++) {
                if (i != q) {
                    double s = 0;
                    for (int j = 0; j < 8; j++) {
                        s += Math.pow(x[q][j] - x[i][j], 2);
                    }
                    d[k++] = Math.sqrt(s);
                }
            }
            Arrays.sort(d);
            byHand += (d[d.length - 1] - d[0]) / d[0] / 10;
        }
        assertEquals(byHand, HighDimensions.relativeContrast(x, 10), 1e-12);
        double low = HighDimensions.relativeContrast(HighDimensions.uniform(500, 2, 1), 20);
        double high = HighDimensions.relativeContrast(HighDimensions.uniform(500, 500, 1), 20);
        assertTrue(high < 0.3 && low > 5, "contrast " + low + " in 2-D, " + high + " in 500-D");
        double[] spread = HighDimensions.normalisedDistances(HighDimensions.uniform(200, 50, 2), 5);
        assertEquals(1.0, Arrays.stream(spread).average().orElseThrow(), 1e-12, "over their mean");
    }
}
