package genmodels.statistics;

import genmodels.io.Headline;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.plot.Charts;
import genmodels.plot.LineCharts;
import genmodels.plot.SlicedMatchingFigure;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.knowm.xchart.XYChart;

/**
 * {@code genmodels sliced}: the sliced distance between two 2-D point sets drawn step by step, as
 * the SWAE uses it between a batch of codes and a batch of prior draws. sliced.png: the two sets
 * with a few directions (equally spaced angles under a random rotation); for each direction, both sets' sorted projections with the i-th
 * smallest of one joined to the i-th smallest of the other; and the estimate against the number of
 * directions. summary.json: each shown direction's squared 1-D W2, and SW2^2 and the mean of square
 * roots over many directions.
 */
public final class SlicedFigures {

    private static final List<String> NAMES = List.of("X: Gaussian blob", "Y: uniform disk");

    private SlicedFigures() {}

    /**
     * @param points points per set
     * @param shown directions drawn one panel each
     * @param directions directions of the estimate (its curve runs from 1 to this)
     * @param seed seeds the points and the directions
     */
    public static void run(int points, int shown, int directions, long seed, RunDirectory run, PrintWriter out)
            throws IOException {
        Random random = new Random(seed);
        double[][][] sets = {blob(points, random), disk(points, random)};
        double[][] drawn = spread(shown, random);
        String name = run.root().getFileName().toString();
        List<XYChart> panels = new ArrayList<>();
        panels.add(SlicedMatchingFigure.pointSetsWithDirections(
                String.format(Locale.ROOT, "%s: two sets of %d points, %d directions", name, points, shown),
                sets,
                NAMES,
                drawn,
                1.5));
        List<Double> perDirection = new ArrayList<>();
        for (int l = 0; l < shown; l++) {
            double[] a = SlicedDistance.project(sets[0], drawn[l]);
            double[] b = SlicedDistance.project(sets[1], drawn[l]);
            double w2 = SlicedDistance.squaredW2(a, b);
            perDirection.add(w2);
            out.printf(
                    Locale.ROOT,
                    "theta%d = (%.3f, %.3f): squared 1-D W2 of the sorted projections %.5f%n",
                    l + 1,
                    drawn[l][0],
                    drawn[l][1],
                    w2);
            panels.add(SlicedMatchingFigure.sortedMatching(
                    String.format(Locale.ROOT, "theta%d: sort, match; W2^2 = %.4f", l + 1, w2), a, b, NAMES, 2 + l));
        }
        double[][] many = SlicedDistance.randomDirections(directions, 2, random);
        panels.add(convergence(sets, many));
        Charts.sheet(run.file("sliced.png"), panels);
        double squared = SlicedDistance.squared(sets[0], sets[1], many);
        double meanSqrt = SlicedDistance.meanSqrt(sets[0], sets[1], many);
        out.printf(
                Locale.ROOT,
                "over %d directions: SW2^2 = %.5f (its root %.5f); mean over directions of W2 = %.5f%n",
                directions,
                squared,
                Math.sqrt(squared),
                meanSqrt);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "sliced");
        summary.put("points", points);
        summary.put("directions", directions);
        summary.put("shown_squared_w2", perDirection);
        summary.put("sw2_squared", squared);
        summary.put("mean_sqrt", meanSqrt);
        summary.put("headline", Headline.entry("sw2_squared", false));
        Json.write(run.summary(), summary);
        out.println("wrote " + run.root());
    }

    /**
     * @return [count][2] unit vectors at equally spaced angles (pi / count apart) under one random
     *     rotation: random, yet different enough from each other to show what each direction sees
     */
    private static double[][] spread(int count, Random random) {
        double start = Math.PI * random.nextDouble();
        double[][] t = new double[count][];
        for (int l = 0; l < count; l++) {
            double angle = start + l * Math.PI / count;
            t[l] = new double[] {Math.cos(angle), Math.sin(angle)};
        }
        return t;
    }

    /** The two estimates with the first L of the directions, L = 1 .. all. */
    private static XYChart convergence(double[][][] sets, double[][] many) {
        double[] count = new double[many.length];
        double[] squared = new double[many.length];
        double[] meanSqrt = new double[many.length];
        double sum = 0;
        double roots = 0;
        for (int l = 0; l < many.length; l++) {
            double w2 = SlicedDistance.squaredW2(
                    SlicedDistance.project(sets[0], many[l]), SlicedDistance.project(sets[1], many[l]));
            sum += w2;
            roots += Math.sqrt(w2);
            count[l] = l + 1;
            squared[l] = sum / (l + 1);
            meanSqrt[l] = roots / (l + 1);
        }
        XYChart chart = LineCharts.linePanel(
                "the estimate against the number of random directions",
                "directions L",
                "distance",
                count,
                List.of("SW2^2 (mean of W2^2)", "mean of W2 (the course code's)"),
                List.of(squared, meanSqrt),
                true);
        double top = java.util.Arrays.stream(meanSqrt).max().orElse(1);
        top = Math.max(top, java.util.Arrays.stream(squared).max().orElse(1));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.5 * top); // room above the curves for the legend
        return chart;
    }

    /** n draws from N((0.4, 0.2), diag(0.35^2, 0.2^2)): the stand-in for a batch of codes. */
    private static double[][] blob(int n, Random random) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {0.4 + 0.35 * random.nextGaussian(), 0.2 + 0.2 * random.nextGaussian()};
        }
        return x;
    }

    /** n draws uniform on the unit disk (radius sqrt(u), angle 2 pi v): the prior's. */
    private static double[][] disk(int n, Random random) {
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double r = Math.sqrt(random.nextDouble());
            double angle = 2 * Math.PI * random.nextDouble();
            y[i] = new double[] {r * Math.cos(angle), r * Math.sin(angle)};
        }
        return y;
    }
}
