package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import genmodels.density.pca.Pca;
import genmodels.engine.ImageSpec;
import genmodels.io.ImageGrid;
import genmodels.io.RunDirectory;
import genmodels.io.TilePanel;
import genmodels.plot.LineCharts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The course's PCA pictures beyond the eigen-images: the spectrum, the data's own images, one image
 * decomposed on the components, reconstructions labelled with k, the 2-D picture of the axes and
 * projections, and the identity between the reconstruction error and the discarded eigenvalues.
 */
final class PcaFigures {

    /** The single components and the partial sums shown for one image. */
    private static final int SINGLE = 5;

    private static final int[] PARTIAL_K = {1, 2, 5, 10, 20, 50, 100};

    private PcaFigures() {}

    /**
     * The reconstruction error at k against the discarded variance: for centred training points and
     * orthonormal eigenvectors of their covariance, the mean over points of |x - x_k|^2 (summed over
     * dimensions) is (n-1)/n times the sum of the eigenvalues k+1..d (Bishop 2006, eq. 12.18, with
     * eigenvalues of the unbiased covariance). The error is computed directly, by projecting and
     * mapping back, not from the eigenvalues.
     *
     * @param x the training points [n, d] the PCA was fitted on
     * @param k components kept
     * @return {reconstruction error, (n-1)/n x the discarded eigenvalues}
     */
    static double[] discardedVariance(Pca pca, NDArray x, int k) {
        double direct;
        try (NDManager scratch = x.getManager().newSubManager()) {
            scratch.tempAttachAll(x);
            NDArray back = pca.inverseTransform(pca.transform(x, k), false);
            direct = x.toType(DataType.FLOAT64, false)
                    .sub(back)
                    .square()
                    .sum(new int[] {1})
                    .mean()
                    .getDouble();
        }
        double[] eigenvalues = pca.explainedVariance();
        double discarded = 0;
        for (int j = k; j < eigenvalues.length; j++) {
            discarded += eigenvalues[j];
        }
        long n = pca.nSamples();
        return new double[] {direct, discarded * (n - 1) / n};
    }

    /** spectrum.png: each component's explained variance ratio and the cumulative ratio, k marked. */
    static void spectrum(Pca pca, int k, RunDirectory run) throws IOException {
        double[] ratio = pca.explainedVarianceRatio();
        int shown = Math.min(ratio.length, Math.max(200, 2 * k));
        double[] x = new double[shown];
        double[] each = new double[shown];
        double[] cumulative = new double[shown];
        double sum = 0;
        for (int j = 0; j < shown; j++) {
            x[j] = j + 1;
            each[j] = ratio[j];
            sum += ratio[j];
            cumulative[j] = sum;
        }
        LineCharts.linesWithMark(
                run.file("spectrum.png"),
                run.root().getFileName() + ": eigen-spectrum (first " + shown + " of " + ratio.length + ")",
                "component (1 = largest variance)",
                "share of the total variance",
                x,
                List.of("explained variance ratio of the component", "cumulative explained variance ratio"),
                List.of(each, cumulative),
                k,
                cumulative[Math.min(k, shown) - 1],
                String.format(Locale.ROOT, "k = %d keeps %.3f", k, cumulative[Math.min(k, shown) - 1]));
    }

    /** originals.png: the first 32 points as images, draws from the data distribution itself. */
    static void originals(NDArray x, ImageSpec shape, RunDirectory run, int scale) throws IOException {
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray first = x.get(
                    scratch,
                    new NDIndex().addSliceDim(0, Math.min(32, x.getShape().get(0))));
            ImageGrid.write(first.toType(DataType.FLOAT32, false), shape, 8, scale, run.file("originals.png"));
        }
    }

    /**
     * @return the coefficients w_j = v_j . (x - mean) of one point on every component (a length-d
     *     vector): x = mean + sum_j w_j v_j exactly
     */
    static double[] coefficients(Pca pca, double[] point) {
        double[] mean = pca.mean();
        double[] w = new double[pca.dimension()];
        for (int j = 0; j < w.length; j++) {
            double[] v = pca.component(j);
            for (int i = 0; i < point.length; i++) {
                w[j] += v[i] * (point[i] - mean[i]);
            }
        }
        return w;
    }

    /** @return mean + the sum of w_j v_j over {@code terms} (component indices) */
    static double[] partialSum(Pca pca, double[] w, int[] terms) {
        double[] out = pca.mean();
        for (int j : terms) {
            double[] v = pca.component(j);
            for (int i = 0; i < out.length; i++) {
                out[i] += w[j] * v[i];
            }
        }
        return out;
    }

    /**
     * components_of_one_image.png: one test image, the mean, each of the first components' terms
     * w_j v_j alone (added to the mean, and as an eigen-image scaled by its weight), and the mean plus
     * the first k terms for growing k.
     */
    static void oneImage(Pca pca, double[] point, ImageSpec shape, RunDirectory run, int scale) throws IOException {
        double[] w = coefficients(pca, point);
        int single = Math.min(SINGLE, pca.dimension());
        List<TilePanel.Tile> start = List.of(
                new TilePanel.Tile(clip(point), "the image x"), new TilePanel.Tile(clip(pca.mean()), "the mean"));
        List<TilePanel.Tile> alone = new ArrayList<>();
        List<TilePanel.Tile> weighted = new ArrayList<>();
        for (int j = 0; j < single; j++) {
            alone.add(new TilePanel.Tile(clip(partialSum(pca, w, new int[] {j})), "mean + PC" + (j + 1)));
            double[] term = pca.component(j);
            for (int i = 0; i < term.length; i++) {
                term[i] *= w[j];
            }
            weighted.add(
                    new TilePanel.Tile(PcaRun.contrast(term), String.format(Locale.ROOT, "%+.2f x PC%d", w[j], j + 1)));
        }
        List<TilePanel.Tile> sums = new ArrayList<>();
        for (int k : PARTIAL_K) {
            if (k <= pca.dimension()) {
                int[] first = java.util.stream.IntStream.range(0, k).toArray();
                sums.add(new TilePanel.Tile(clip(partialSum(pca, w, first)), "k = " + k));
            }
        }
        TilePanel.write(
                run.file("components_of_one_image.png"),
                run.root().getFileName() + ": x = mean + sum of w_j x PC_j (w_j = PC_j . (x - mean))",
                List.of(
                        new TilePanel.Block("the image and the mean", start),
                        new TilePanel.Block("each weighted component, mid-grey = 0", weighted),
                        new TilePanel.Block("the mean plus one component alone", alone),
                        new TilePanel.Block("the mean plus the first k components", sums)),
                shape,
                3 * scale,
                8);
    }

    /**
     * reconstructions.png: eight points, then their reconstructions from k components, one row per
     * k, each row labelled with k and its mean squared error per dimension over the evaluated points.
     */
    static void reconstructions(Pca pca, ImageSpec shape, NDArray x, double[] errorByK, RunDirectory run, int scale)
            throws IOException {
        List<TilePanel.Block> rows = new ArrayList<>();
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray originals = x.get(
                    scratch,
                    new NDIndex().addSliceDim(0, Math.min(8, x.getShape().get(0))));
            rows.add(new TilePanel.Block("originals", tiles(originals)));
            for (int k : PcaRun.SHOWN_K) {
                if (k <= pca.dimension()) {
                    NDArray back = pca.inverseTransform(pca.transform(originals, k), false);
                    rows.add(new TilePanel.Block(
                            String.format(
                                    Locale.ROOT, "k = %d (mean squared error %.4g per dimension)", k, errorByK[k - 1]),
                            tiles(back)));
                }
            }
        }
        TilePanel.write(
                run.file("reconstructions.png"),
                run.root().getFileName() + ": reconstructions from the first k components",
                rows,
                shape,
                2 * scale,
                8);
    }

    private static List<TilePanel.Tile> tiles(NDArray images) {
        int n = Math.toIntExact(images.getShape().get(0));
        double[] all = images.toType(DataType.FLOAT64, false).toDoubleArray();
        int d = all.length / n;
        List<TilePanel.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tiles.add(new TilePanel.Tile(clip(java.util.Arrays.copyOfRange(all, i * d, (i + 1) * d)), ""));
        }
        return tiles;
    }

    private static float[] clip(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) Math.max(0, Math.min(1, v[i]));
        }
        return out;
    }
}
