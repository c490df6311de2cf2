package genmodels.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PCA figure of 2-D points with their principal axes drawn from the mean. */
public final class PrincipalAxesFigure {

    private PrincipalAxesFigure() {}

    /**
     * 2-D points with their principal axes and the projections of a few of them on the first axis
     * (each point joined to its foot, mean + ((p - mean) . v1) v1), as the PCA lecture draws them.
     *
     * @param x the points' first coordinates
     * @param y their second coordinates
     * @param mean the points' mean (2)
     * @param axes the two unit axes, axes[j] = {vx, vy}
     * @param halfLengths each axis drawn from mean - h v to mean + h v
     * @param projected indices of the points whose projections are drawn
     */
    public static void principalAxes(
            Path file,
            String title,
            double[] x,
            double[] y,
            double[] mean,
            double[][] axes,
            double[] halfLengths,
            int[] projected)
            throws IOException {
        XYChart chart = Charts.chart(800, 700, title, "x1", "x2");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisDecimalPattern(Charts.decimalPattern(x));
        chart.getStyler().setYAxisDecimalPattern(Charts.decimalPattern(y));
        XYSeries points = chart.addSeries("points", x, y);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(new Color(150, 150, 150, 120));
        Color[] colors = {new Color(200, 30, 30), new Color(30, 90, 200)};
        for (int j = 0; j < 2; j++) {
            double h = halfLengths[j];
            XYSeries axis = chart.addSeries(
                    String.format(Locale.ROOT, "PC%d (+-2 standard deviations)", j + 1),
                    new double[] {mean[0] - h * axes[j][0], mean[0] + h * axes[j][0]},
                    new double[] {mean[1] - h * axes[j][1], mean[1] + h * axes[j][1]});
            axis.setMarker(SeriesMarkers.NONE);
            axis.setLineColor(colors[j]);
            axis.setLineStyle(new BasicStroke(3f));
        }
        for (int n = 0; n < projected.length; n++) {
            int i = projected[n];
            double t = (x[i] - mean[0]) * axes[0][0] + (y[i] - mean[1]) * axes[0][1];
            XYSeries drop = chart.addSeries(
                    n == 0 ? "a point and its projection on PC1" : "projection " + n,
                    new double[] {x[i], mean[0] + t * axes[0][0]},
                    new double[] {y[i], mean[1] + t * axes[0][1]});
            drop.setShowInLegend(n == 0);
            drop.setMarker(SeriesMarkers.CIRCLE);
            drop.setMarkerColor(colors[0]);
            drop.setLineColor(new Color(60, 60, 60));
            drop.setLineStyle(new BasicStroke(1f));
        }
        Charts.equalAxes(chart); // a perpendicular drop looks perpendicular only to scale
        Charts.save(chart, file);
    }
}
