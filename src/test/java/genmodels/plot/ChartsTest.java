package genmodels.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.DecimalFormat;
import org.junit.jupiter.api.Test;

/** Tick labels: three significant digits of the axis range, so labels stay short (bandwidths.png). */
class ChartsTest {

    @Test
    void theDecimalsFollowTheRange() {
        assertEquals("0.#", Charts.decimalPattern(new double[] {-8.31, 7.77}));
        assertEquals("0.###", Charts.decimalPattern(new double[] {0, 0.28}));
        assertEquals("0", Charts.decimalPattern(new double[] {1, 500}));
        assertEquals("#,##0", Charts.decimalPattern(new double[] {3_600_000, 5_900_000}));
        // a grid of 400 values from -8.314 to 7.771: labels like -8.3, not -8.31415926...
        assertEquals("-8.3", new DecimalFormat(Charts.decimalPattern(new double[] {-8.314, 7.771})).format(-8.314159));
        assertEquals("0.08", new DecimalFormat(Charts.decimalPattern(new double[] {0, 0.28})).format(0.08));
    }

    @Test
    void equalAxesGiveOneUnitTheSamePixelsOnBothAxes() {
        org.knowm.xchart.XYChart chart = Charts.chart(800, 500, "t", "x", "y");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.addSeries("an ellipse's box", new double[] {-2.5, 2.5}, new double[] {-1, 1});
        Charts.equalAxes(chart);
        java.awt.Graphics2D g =
                new java.awt.image.BufferedImage(800, 500, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics();
        chart.paint(g, 800, 500);
        double perX = chart.getScreenXFromChart(1) - chart.getScreenXFromChart(0);
        double perY = chart.getScreenYFromChart(0) - chart.getScreenYFromChart(1);
        assertEquals(1.0, perX / perY, 0.01, "pixels per unit, x over y");
        org.junit.jupiter.api.Assertions.assertTrue(chart.getStyler().getXAxisMin() <= -2.5);
        org.junit.jupiter.api.Assertions.assertTrue(chart.getStyler().getYAxisMax() >= 1);
    }

    @Test
    void readableNumbersForTitles() {
        assertEquals("-2,252,034", Charts.readable(-2252033.9875));
        assertEquals("-3.698", Charts.readable(-3.69817));
        assertEquals("0.004", Charts.readable(0.004));
    }

    @Test
    void curvePanelsGrowToHoldTheirTitles() {
        int[] plain = CurvePanels.panelSize("run", java.util.Map.of("kl", "nats per image"));
        assertEquals(520, plain[0]);
        assertEquals(410, plain[1]);
        int[] longTitles = CurvePanels.panelSize(
                "a-long-run-name",
                java.util.Map.of(
                        "discriminator_accuracy_on_real",
                        "accuracy (share of real images scored above 0, higher is better), the last of many words"));
        org.junit.jupiter.api.Assertions.assertTrue(longTitles[1] > 410, "taller for a long y axis title");
    }

    @Test
    void logAxesLabelTheirSmallestDecade() {
        assertEquals("0.###", LineCharts.logPattern(java.util.List.of(new double[] {231.1, 0.00396})));
        assertEquals("0", LineCharts.logPattern(java.util.List.of(new double[] {1, 7469})));
        assertEquals(
                "0.01", new DecimalFormat(LineCharts.logPattern(java.util.List.of(new double[] {0.004}))).format(0.01));
    }
}
