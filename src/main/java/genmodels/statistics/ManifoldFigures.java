package genmodels.statistics;

import genmodels.io.Headline;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.plot.Charts;
import genmodels.plot.LineCharts;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The manifold assumption on a toy: 2-D points that lie near a curve (a spiral, the 2-D Swiss
 * roll), so that one number, the position t along the curve, describes each. PCA's best line keeps
 * most of the variance yet folds the curve: points far apart along it project side by side.
 * Measured by nearest neighbours: the share of points whose nearest neighbour is far along the
 * curve (|t_i - t_j| above a tenth of its length), in the plane and on PC1.
 * manifold.png: the points coloured by t with PC1's line; t against the PC1 coordinate.
 */
public final class ManifoldFigures {

    /** Along-curve separation, as a share of the curve's length, beyond which two points are "far". */
    static final double FAR = 0.1;

    private ManifoldFigures() {}

    /**
     * @param n points
     * @param noise the standard deviation of the isotropic Gaussian noise around the curve
     * @param seed seeds t and the noise
     */
    public static void run(int n, double noise, long seed, RunDirectory run, PrintWriter out) throws IOException {
        Random random = new Random(seed);
        double[] t = new double[n];
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = random.nextDouble();
            double angle = 1.5 * Math.PI * (1 + 2 * t[i]); // the Swiss roll's 1.5 turns
            x[i] = angle * Math.cos(angle) + noise * random.nextGaussian();
            y[i] = angle * Math.sin(angle) + noise * random.nextGaussian();
        }
        double[] pc = firstComponent(x, y);
        double[] projection = new double[n];
        for (int i = 0; i < n; i++) {
            projection[i] = (x[i] - pc[2]) * pc[0] + (y[i] - pc[3]) * pc[1];
        }
        double inPlane = farNeighbourShare(t, x, y);
        double onLine = farNeighbourShare(t, projection, new double[n]);
        out.printf(
                Locale.ROOT,
                "PC1 keeps %.4f of the variance; nearest neighbour far along the curve (|dt| > %.1f): %.4f of the"
                        + " points in the plane, %.4f on PC1%n",
                pc[4],
                FAR,
                inPlane,
                onLine);
        picture(run, t, x, y, projection, pc);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "manifold");
        summary.put("points", n);
        summary.put("noise", noise);
        summary.put("pc1_explained_variance_ratio", pc[4]);
        summary.put("far_neighbour_share", Map.of("plane", inPlane, "pc1", onLine));
        summary.put("headline", Headline.entry("far_neighbour_share.pc1", false));
        Json.write(run.summary(), summary);
        out.println("wrote " + run.root());
    }

    /** @return {w1x, w1y, mean x, mean y, explained variance ratio} of the 2 x 2 covariance's top eigenvector */
    static double[] firstComponent(double[] x, double[] y) {
        int n = x.length;
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx) / n;
            syy += (y[i] - my) * (y[i] - my) / n;
            sxy += (x[i] - mx) * (y[i] - my) / n;
        }
        double half = (sxx + syy) / 2;
        double root = Math.sqrt((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
        double top = half + root; // eigenvalues of [[sxx, sxy], [sxy, syy]]: half +- root
        double wx = sxy != 0 ? top - syy : (sxx >= syy ? 1 : 0);
        double wy = sxy != 0 ? sxy : (sxx >= syy ? 0 : 1);
        double norm = Math.hypot(wx, wy);
        return new double[] {wx / norm, wy / norm, mx, my, top / (sxx + syy)};
    }

    /** @return the share of points whose nearest other point (Euclidean in (a, b)) is far along the curve */
    static double farNeighbourShare(double[] t, double[] a, double[] b) {
        int far = 0;
        for (int i = 0; i < t.length; i++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < t.length; j++) {
                double d = (a[i] - a[j]) * (a[i] - a[j]) + (b[i] - b[j]) * (b[i] - b[j]);
                if (j != i && d < best) {
                    best = d;
                    nearest = j;
                }
            }
            if (Math.abs(t[i] - t[nearest]) > FAR) {
                far++;
            }
        }
        return far / (double) t.length;
    }

    private static void picture(RunDirectory run, double[] t, double[] x, double[] y, double[] p, double[] pc)
            throws IOException {
        List<LineCharts.Layer> plane = new ArrayList<>();
        List<LineCharts.Layer> unrolled = new ArrayList<>();
        int bands = 5;
        for (int b = 0; b < bands; b++) {
            List<double[]> in = new ArrayList<>();
            for (int i = 0; i < t.length; i++) {
                if ((int) Math.min(bands - 1, t[i] * bands) == b) {
                    in.add(new double[] {x[i], y[i], p[i], t[i]});
                }
            }
            String name = String.format(Locale.ROOT, "t in [%.1f, %.1f)", b / (double) bands, (b + 1) / (double) bands);
            Color color = new Color(Color.HSBtoRGB(0.66f * (1 - b / (bands - 1f)), 0.8f, 0.85f));
            plane.add(new LineCharts.Layer(name, column(in, 0), column(in, 1), "points", color));
            unrolled.add(new LineCharts.Layer(name, column(in, 2), column(in, 3), "points", color));
        }
        double reach = Arrays.stream(p).map(Math::abs).max().orElse(1);
        plane.add(new LineCharts.Layer(
                String.format(Locale.ROOT, "PC1 (%.0f%% of the variance)", 100 * pc[4]),
                new double[] {pc[2] - reach * pc[0], pc[2] + reach * pc[0]},
                new double[] {pc[3] - reach * pc[1], pc[3] + reach * pc[1]},
                "line",
                Color.BLACK));
        String name = run.root().getFileName().toString();
        var left = LineCharts.layers(700, 700, name + ": points near a curve, coloured by t", "x1", "x2", plane);
        left.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        Charts.equalAxes(left);
        var right = LineCharts.layers(
                700, 700, name + ": position t along the curve against PC1", "coordinate on PC1", "t", unrolled);
        right.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        Charts.sheet(run.file("manifold.png"), List.of(left, right), 2);
    }

    private static double[] column(List<double[]> rows, int j) {
        return rows.stream().mapToDouble(r -> r[j]).toArray();
    }
}
