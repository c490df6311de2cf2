package genmodels.statistics;

import genmodels.io.Headline;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.plot.LineCharts;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code genmodels dimensions}: the curse of dimensionality measured on uniform points.
 * empty_cells.png: the share of empty histogram cells against the dimension, measured and expected;
 * distances.png: the relative contrast of nearest and farthest neighbour against the dimension;
 * distance_spread.png: the distribution of distances over their mean for a few dimensions.
 */
public final class HighDimensionFigures {

    private HighDimensionFigures() {}

    /**
     * @param points points drawn per dimension
     * @param bins histogram bins per axis
     * @param maxCellDimension the largest dimension of the cell count (bins^d cells)
     * @param distanceDimensions the dimensions of the distance measurements
     * @param queries points whose distances to all the others are measured
     */
    public static void run(
            int points,
            int bins,
            int maxCellDimension,
            int[] distanceDimensions,
            int queries,
            long seed,
            RunDirectory run,
            PrintWriter out)
            throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", "dimensions");
        summary.put("points", points);
        summary.put("bins", bins);
        summary.put("empty_cells", cells(points, bins, maxCellDimension, seed, run, out));
        summary.put("relative_contrast", distances(points, distanceDimensions, queries, seed, run, out));
        summary.put("headline", Headline.entry("relative_contrast.at_largest_dimension", false));
        Json.write(run.summary(), summary);
        out.println("wrote " + run.root());
    }

    private static Map<String, Object> cells(int n, int bins, int maxD, long seed, RunDirectory run, PrintWriter out)
            throws IOException {
        double[] dims = new double[maxD];
        double[] measured = new double[maxD];
        double[] expected = new double[maxD];
        for (int d = 1; d <= maxD; d++) {
            dims[d - 1] = d;
            measured[d - 1] = HighDimensions.emptyCellShare(HighDimensions.uniform(n, d, seed + d), bins);
            expected[d - 1] = HighDimensions.expectedEmptyShare(n, d, bins);
            out.printf(
                    Locale.ROOT,
                    "d = %d: %.0f cells, %.4f empty (expected %.4f); %.3g points would keep the density of d = 1%n",
                    d,
                    Math.pow(bins, d),
                    measured[d - 1],
                    expected[d - 1],
                    n * Math.pow(bins, d - 1));
        }
        LineCharts.lines(
                run.file("empty_cells.png"),
                String.format(
                        Locale.ROOT,
                        "%s: %d uniform points, %d bins per axis",
                        run.root().getFileName(),
                        n,
                        bins),
                "dimension d (bins^d cells)",
                "share of empty cells",
                dims,
                List.of("measured", "expected, (1 - bins^-d)^n"),
                List.of(measured, expected),
                false);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("dimension", dims);
        figures.put("measured", measured);
        figures.put("expected", expected);
        return figures;
    }

    private static Map<String, Object> distances(
            int n, int[] dims, int queries, long seed, RunDirectory run, PrintWriter out) throws IOException {
        double[] x = new double[dims.length];
        double[] contrast = new double[dims.length];
        List<String> names = new ArrayList<>();
        List<double[]> spreads = new ArrayList<>();
        int spreadBins = 100;
        double[] centres = new double[spreadBins];
        for (int b = 0; b < spreadBins; b++) {
            centres[b] = 2.0 * (b + 0.5) / spreadBins;
        }
        for (int i = 0; i < dims.length; i++) {
            double[][] points = HighDimensions.uniform(n, dims[i], seed + 1000 + dims[i]);
            x[i] = dims[i];
            contrast[i] = HighDimensions.relativeContrast(points, queries);
            out.printf(Locale.ROOT, "d = %d: (farthest - nearest) / nearest = %.4f%n", dims[i], contrast[i]);
            if (i == 0 || i == dims.length - 1 || i == dims.length / 2) {
                names.add("d = " + dims[i]);
                spreads.add(density(HighDimensions.normalisedDistances(points, queries), spreadBins));
            }
        }
        LineCharts.logLog( // from thousands at d = 1 to a tenth at d = 1,000: decades on both axes
                run.file("distances.png"),
                String.format(
                        Locale.ROOT,
                        "%s: nearest and farthest neighbour among %d uniform points",
                        run.root().getFileName(),
                        n),
                "dimension d",
                "relative contrast (farthest - nearest) / nearest",
                x,
                List.of("mean over " + queries + " query points"),
                List.of(contrast));
        LineCharts.lines(
                run.file("distance_spread.png"),
                run.root().getFileName() + ": distances over their mean, concentrating as d grows",
                "distance / mean distance",
                "density",
                centres,
                names,
                spreads,
                false);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("dimension", x);
        figures.put("values", contrast);
        figures.put("at_largest_dimension", contrast[contrast.length - 1]);
        return figures;
    }

    /** @return a histogram density of values over [0, 2) */
    private static double[] density(double[] values, int bins) {
        double[] h = new double[bins];
        double width = 2.0 / bins;
        for (double v : values) {
            int b = (int) Math.floor(v / width);
            if (b >= 0 && b < bins) {
                h[b] += 1.0 / (values.length * width);
            }
        }
        return h;
    }
}
