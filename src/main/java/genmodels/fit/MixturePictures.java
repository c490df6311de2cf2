package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.plot.Charts;
import genmodels.plot.DensityCharts;
import genmodels.plot.ResponsibilityFigure;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The EM lecture's pictures of a 2-D mixture: responsibilities.png (each point coloured by its
 * responsibilities, each component's covariance ellipses at Mahalanobis distance 1 and 2) and
 * em_snapshots.png (the same picture at chosen iterations of one run).
 */
final class MixturePictures {

    /** Points drawn at most. */
    private static final int MAX_POINTS = 3000;

    private MixturePictures() {}

    /**
     * The ellipse {p : (p - mean)^T S^-1 (p - mean) = r^2}: mean + r (sqrt(l1) cos t u1 + sqrt(l2)
     * sin t u2), with S = l1 u1 u1^T + l2 u2 u2^T its eigen-decomposition (closed form for 2 x 2).
     *
     * @param mean the centre (2)
     * @param s a 2 x 2 symmetric positive-definite covariance
     * @param r the Mahalanobis radius
     * @param n points on the outline (the first repeated at the end)
     * @return {x[], y[]}
     */
    static double[][] ellipse(double[] mean, double[][] s, double r, int n) {
        double a = s[0][0];
        double b = s[0][1];
        double c = s[1][1];
        double half = Math.sqrt((a - c) * (a - c) / 4 + b * b);
        double l1 = (a + c) / 2 + half;
        double l2 = Math.max((a + c) / 2 - half, 0);
        double angle = 0.5 * Math.atan2(2 * b, a - c);
        double[] u1 = {Math.cos(angle), Math.sin(angle)};
        double[] u2 = {-Math.sin(angle), Math.cos(angle)};
        double[][] out = new double[2][n + 1];
        for (int i = 0; i <= n; i++) {
            double t = 2 * Math.PI * i / n;
            double p = r * Math.sqrt(l1) * Math.cos(t);
            double q = r * Math.sqrt(l2) * Math.sin(t);
            out[0][i] = mean[0] + p * u1[0] + q * u2[0];
            out[1][i] = mean[1] + p * u1[1] + q * u2[1];
        }
        return out;
    }

    /** @return the responsibility-weighted mix of the component colours */
    static Color mix(double[] responsibilities) {
        double red = 0;
        double green = 0;
        double blue = 0;
        for (int k = 0; k < responsibilities.length; k++) {
            Color c = DensityCharts.componentColor(k);
            red += responsibilities[k] * c.getRed();
            green += responsibilities[k] * c.getGreen();
            blue += responsibilities[k] * c.getBlue();
        }
        return new Color(clamp(red), clamp(green), clamp(blue));
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** @return the chart of one mixture over the points */
    static XYChart chart(String title, NDArray points, GaussianMixture gmm, int width) {
        int n = (int) Math.min(MAX_POINTS, points.getShape().get(0));
        NDArray shown = points.get(new NDIndex().addSliceDim(0, n));
        double[] xy = shown.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] resp =
                gmm.responsibilities(shown).toType(DataType.FLOAT64, false).toDoubleArray();
        int k = gmm.nComponents();
        double[][] p = new double[n][];
        Color[] colors = new Color[n];
        for (int i = 0; i < n; i++) {
            p[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
            colors[i] = mix(java.util.Arrays.copyOfRange(resp, i * k, (i + 1) * k));
        }
        double[][] means = gmm.means();
        List<List<double[][]>> ellipses = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[][] s = gmm.covariance(c);
            ellipses.add(List.of(ellipse(means[c], s, 1, 90), ellipse(means[c], s, 2, 90)));
        }
        return ResponsibilityFigure.responsibilities(title, p, colors, ellipses, width);
    }

    /** Writes responsibilities.png for the final fit. */
    static void responsibilities(Path file, String run, NDArray points, GaussianMixture gmm) throws IOException {
        Charts.save(
                chart(
                        String.format(
                                Locale.ROOT,
                                "%s: points coloured by responsibility, ellipses at 1 and 2 Mahalanobis units (K = %d)",
                                run,
                                gmm.nComponents()),
                        points,
                        gmm,
                        850),
                file);
    }

    /**
     * Writes em_snapshots.png: one panel per snapshot, each titled with the mean log-likelihood of
     * the training points under the parameters it shows, then the final fit when no snapshot is of it.
     *
     * @param snapshots iteration (0: the initialisation) to the mixture after it
     * @param fitted the final mixture, after {@code fitted.nIter()} iterations
     */
    static void snapshots(
            Path file,
            String run,
            NDArray points,
            java.util.SortedMap<Integer, GaussianMixture> snapshots,
            GaussianMixture fitted)
            throws IOException {
        java.util.SortedMap<Integer, GaussianMixture> shown = new java.util.TreeMap<>(snapshots);
        shown.putIfAbsent(fitted.nIter(), fitted);
        List<String> titles = new ArrayList<>();
        for (var e : shown.entrySet()) {
            String when = e.getKey() == 0 ? "initialisation" : "iteration " + e.getKey();
            if (e.getKey() == fitted.nIter()) {
                when += " (final)";
            }
            titles.add(String.format(
                    Locale.ROOT,
                    "%s: %s, log-likelihood %s",
                    run,
                    when,
                    Charts.readable(e.getValue().score(points))));
        }
        int width =
                Math.max(520, titles.stream().mapToInt(Charts::titleWidth).max().orElse(0));
        List<GaussianMixture> mixtures = new ArrayList<>(shown.values());
        List<XYChart> panels = new ArrayList<>();
        for (int i = 0; i < mixtures.size(); i++) {
            panels.add(chart(titles.get(i), points, mixtures.get(i), width));
        }
        Charts.sheet(file, panels);
    }
}
