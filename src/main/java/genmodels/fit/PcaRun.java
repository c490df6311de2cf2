package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import genmodels.config.RunConfig;
import genmodels.density.pca.Pca;
import genmodels.density.pca.PcaConfig;
import genmodels.density.pca.ProbabilisticPca;
import genmodels.engine.ImageSpec;
import genmodels.engine.Threads;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.Headline;
import genmodels.io.ImageGrid;
import genmodels.io.RunDirectory;
import genmodels.io.TilePanel;
import genmodels.plot.LineCharts;
import genmodels.plot.PrincipalAxesFigure;
import genmodels.plot.ScatterCharts;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code genmodels pca}: fit a PCA (and optionally probabilistic PCA) to the training points and
 * describe it: explained variance, eigen-images, reconstructions and their error against k, the
 * test points on the first two components.
 */
public final class PcaRun {

    /** The k of the reconstruction grid and of summary.json's {@code test.reconstruction_mse_by_k}. */
    static final int[] SHOWN_K = {1, 2, 5, 10, 20, 50, 100, 200};

    private PcaRun() {}

    /**
     * @param config the resolved config
     * @param device where to compute
     * @param threads the thread setting (chosen on a scatter matrix of up to 8,192 points)
     * @param out console
     */
    public static void run(RunConfig<PcaConfig> config, ai.djl.Device device, Threads threads, PrintWriter out)
            throws Exception {
        if (config.data().pca() != null) {
            throw new UserError("data.pca projects the points before a fit; for the pca command set model.n_components"
                    + " instead and leave data.pca null");
        }
        RunDirectory.checkAvailable(config.output().dir());
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Points points = PointSources.load(config.data(), config.train().seed(), manager);
            RunDirectory run = RunSupport.open(config, "pca");
            out.println("pca: " + points.description() + " -> " + run.root());
            try (NDManager scope = manager.newSubManager()) {
                threads.choose(
                        "scatter matrix of up to 8,192 points",
                        device.isGpu(),
                        Pca.timingKernel(points.train(), scope),
                        out);
            }
            long start = System.nanoTime();
            Pca pca = Pca.fit(points.train());
            double fitSeconds = RunSupport.seconds(start);
            int k = config.model().components(pca);
            AtomicFiles.write(run.file("pca.params"), pca::save);
            double cumulativeAtK = writeExplainedVariance(pca, k, run);
            Map<String, Object> summary = new LinkedHashMap<>();
            Map<String, Object> train = new LinkedHashMap<>();
            Map<String, Object> test = new LinkedHashMap<>();
            summary.put("train", train);
            summary.put("test", test);
            summary.put("n_components", k);
            summary.put("whiten", config.model().whiten());
            summary.put(
                    "explained_variance_ratio",
                    Arrays.stream(pca.explainedVarianceRatio(), 0, k).boxed().toList());
            summary.put("cumulative_explained_variance_ratio", cumulativeAtK);
            summary.put("fit_seconds", fitSeconds);
            out.printf(
                    Locale.ROOT,
                    "%d components keep %.6f of the variance (fit %.2f s)%n",
                    k,
                    cumulativeAtK,
                    fitSeconds);
            double[] errorByK = pca.reconstructionErrorByK(points.test() != null ? points.test() : points.train());
            (points.test() != null ? test : train)
                    .put("reconstruction_mse_by_k", reconstructionFigures(pca, k, errorByK, points, run, out));
            discardedVarianceCheck(pca, k, points, train, out);
            pictures(config, pca, k, errorByK, points, run, manager);
            if (config.model().probabilistic()) {
                probabilistic(config, pca, k, points, run, summary, train, test, manager, out);
            }
            Map<String, Object> headline = !config.model().probabilistic()
                    ? Headline.entry("cumulative_explained_variance_ratio", true)
                    : Headline.entry(
                            points.test() != null ? "test.mean_log_likelihood" : "train.mean_log_likelihood", true);
            RunSupport.summary(run, "pca", config, points, summary, headline, device, threads, out);
        }
    }

    /** Writes explained_variance.csv (with the cumulative ratio); returns the cumulative ratio at k. */
    private static double writeExplainedVariance(Pca pca, int k, RunDirectory run) throws IOException {
        double[] variance = pca.explainedVariance();
        double[] ratio = pca.explainedVarianceRatio();
        StringBuilder csv =
                new StringBuilder("component,explained_variance,explained_variance_ratio,cumulative_ratio\n");
        double cumulative = 0;
        double cumulativeAtK = 0;
        for (int j = 0; j < ratio.length; j++) {
            cumulative += ratio[j];
            if (j == k - 1) {
                cumulativeAtK = cumulative;
            }
            csv.append(String.format(Locale.ROOT, "%d,%.10g,%.10g,%.10g%n", j + 1, variance[j], ratio[j], cumulative));
        }
        AtomicFiles.writeString(run.file("explained_variance.csv"), csv.toString());
        return cumulativeAtK;
    }

    /** The reconstruction error at every k (csv, png); returns the shown k's and k's own, for summary.json. */
    private static Map<String, Double> reconstructionFigures(
            Pca pca, int k, double[] byK, Points points, RunDirectory run, PrintWriter out) throws Exception {
        Map<String, Double> errorByK = reconstructionError(pca, byK, run);
        Map<String, Double> shown = new LinkedHashMap<>();
        for (int s : SHOWN_K) {
            if (s <= pca.dimension()) {
                shown.put(Integer.toString(s), errorByK.get(Integer.toString(s)));
            }
        }
        shown.put(Integer.toString(k), errorByK.get(Integer.toString(k)));
        out.printf(
                Locale.ROOT,
                "%s mean squared error per dimension at k = %d: %.6f%n",
                points.test() != null ? "test" : "train",
                k,
                errorByK.get(Integer.toString(k)));
        return shown;
    }

    /**
     * Prints and records (summary.json train.reconstruction_error_at_k and
     * train.discarded_variance_at_k) the identity between the training points' mean squared
     * reconstruction error at k and their discarded eigenvalues ({@link PcaFigures#discardedVariance}).
     */
    private static void discardedVarianceCheck(
            Pca pca, int k, Points points, Map<String, Object> train, PrintWriter out) {
        double[] check = PcaFigures.discardedVariance(pca, points.train(), k);
        train.put("reconstruction_error_at_k", check[0]);
        train.put("discarded_variance_at_k", check[1]);
        out.printf(
                Locale.ROOT,
                "train reconstruction error at k = %d: %.6f per point (squared error summed over the %d dimensions);"
                        + " (n-1)/n x the sum of the %d discarded eigenvalues: %.6f%n",
                k,
                check[0],
                pca.dimension(),
                pca.dimension() - k,
                check[1]);
    }

    /**
     * The spectrum; for image points the data's own images, eigen-images, one image decomposed and
     * labelled reconstructions; for 2-D points the axes and projections; the PC1-PC2 projection for
     * labelled points.
     */
    private static void pictures(
            RunConfig<PcaConfig> config,
            Pca pca,
            int k,
            double[] errorByK,
            Points points,
            RunDirectory run,
            NDManager manager)
            throws Exception {
        int scale = config.output().gridScaleOrDefault();
        ImageSpec pixels = points.pixels();
        NDArray evaluated = points.test() != null ? points.test() : points.train();
        PcaFigures.spectrum(pca, k, run);
        if (pixels != null) {
            PcaFigures.originals(points.train(), pixels, run, scale);
            eigenImages(pca, pixels, run, scale);
            PcaFigures.oneImage(
                    pca, evaluated.get(0).toType(DataType.FLOAT64, false).toDoubleArray(), pixels, run, scale);
            PcaFigures.reconstructions(pca, pixels, evaluated, errorByK, run, scale);
        }
        if (pca.dimension() == 2) {
            axes(pca, points.train(), run);
        }
        if (pca.dimension() >= 2 && (points.testLabels() != null || points.trainLabels() != null)) {
            double[] ratio = pca.explainedVarianceRatio();
            boolean useTest = points.test() != null && points.testLabels() != null;
            NDArray projected = pca.transform(
                    useTest ? points.test() : points.train(), 2, config.model().whiten());
            ScatterCharts.scatterByClass(
                    run.file("projection.png"),
                    run.root().getFileName() + ": " + (useTest ? "test" : "train") + " points on PC1-PC2",
                    String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * ratio[0]),
                    String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", 100 * ratio[1]),
                    toFloats(projected.get(":, 0")),
                    toFloats(projected.get(":, 1")),
                    useTest ? points.testLabels() : points.trainLabels());
        }
    }

    /** Probabilistic PCA on the same eigendecomposition: noise variance, log-likelihoods, posterior means, samples. */
    private static void probabilistic(
            RunConfig<PcaConfig> config,
            Pca pca,
            int k,
            Points points,
            RunDirectory run,
            Map<String, Object> summary,
            Map<String, Object> trainFigures,
            Map<String, Object> testFigures,
            NDManager manager,
            PrintWriter out)
            throws Exception {
        ProbabilisticPca ppca = ProbabilisticPca.fromPca(pca, k);
        ppca.save(run.root());
        summary.put("noise_variance", ppca.noiseVariance());
        double train = ppca.score(points.train());
        trainFigures.put("mean_log_likelihood", train);
        Double test = points.test() == null ? null : ppca.score(points.test());
        if (test != null) {
            testFigures.put("mean_log_likelihood", test);
        }
        out.printf(
                Locale.ROOT,
                "probabilistic PCA: noise variance %.6g; mean log-likelihood train %.4f%s nats" + " per sample%n",
                ppca.noiseVariance(),
                train,
                test != null ? String.format(Locale.ROOT, ", test %.4f", test) : "");
        if (pca.dimension() == 2 && k == 1) {
            double[][] xy = firstPoints(points.train(), 2000);
            PpcaPicture.write(pca, ppca, xy[0], xy[1], config.train().seed(), run);
        } else if (points.test() != null && pca.dimension() > 2) {
            summary.put("by_k", ppcaByK(pca, points, run));
        }
        RunSupport.writePoints(
                run.file("posterior_mean.csv"),
                ppca.posteriorMean(points.test() != null ? points.test() : points.train()));
        int n = config.output().sampleCount();
        if (n > 0 && points.decoder() != null) {
            NDArray samples = ppca.sample(
                    manager, n, false, new java.util.Random(config.train().seed()));
            ImageGrid.write(
                    points.decoder().toImages(samples),
                    points.decoder().image(),
                    Math.min(n, 8),
                    config.output().gridScaleOrDefault(),
                    run.file("samples.png"));
        }
    }

    /**
     * ppca_by_k.png: what only the probabilistic model has, the held-out log-likelihood, with the
     * maximum-likelihood noise variance, for every shown k below the dimension (Tipping and Bishop
     * 1999, eqs. 7-8: sigma^2 is the mean of the discarded eigenvalues).
     *
     * @return per k: {@code k}, {@code noise_variance}, {@code test_mean_log_likelihood} (nats per point)
     */
    private static List<Map<String, Object>> ppcaByK(Pca pca, Points points, RunDirectory run) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Double> ks = new ArrayList<>();
        List<Double> likelihood = new ArrayList<>();
        List<Double> noise = new ArrayList<>();
        for (int s : SHOWN_K) {
            if (s >= pca.dimension()) {
                break;
            }
            ProbabilisticPca at = ProbabilisticPca.fromPca(pca, s);
            double score = at.score(points.test());
            rows.add(Map.of("k", s, "noise_variance", at.noiseVariance(), "test_mean_log_likelihood", score));
            ks.add((double) s);
            likelihood.add(score);
            noise.add(at.noiseVariance());
        }
        double[] x = ks.stream().mapToDouble(Double::doubleValue).toArray();
        String name = run.root().getFileName().toString();
        genmodels.plot.Charts.sheet(
                run.file("ppca_by_k.png"),
                List.of(
                        genmodels.plot.LineCharts.linePanel(
                                name + ": held-out log-likelihood",
                                "k (latent dimensions)",
                                "nats per test point, higher is better",
                                x,
                                List.of("PPCA"),
                                List.of(likelihood.stream()
                                        .mapToDouble(Double::doubleValue)
                                        .toArray()),
                                true),
                        genmodels.plot.LineCharts.linePanel(
                                name + ": noise variance sigma^2",
                                "k (latent dimensions)",
                                "mean discarded eigenvalue",
                                x,
                                List.of("sigma^2"),
                                List.of(noise.stream()
                                        .mapToDouble(Double::doubleValue)
                                        .toArray()),
                                true)),
                2);
        return rows;
    }

    /**
     * Writes reconstruction_error.csv and .png: the mean squared error per dimension of
     * reconstructions from the first k components, for every k.
     *
     * @return k (as a string) to error
     */
    private static Map<String, Double> reconstructionError(Pca pca, double[] byKArray, RunDirectory run)
            throws Exception {
        int d = pca.dimension();
        Map<String, Double> byK = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("k,mean_squared_error_per_dimension\n");
        List<Double> ks = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (int k = 1; k <= d; k++) {
            double error = byKArray[k - 1];
            byK.put(Integer.toString(k), error);
            csv.append(k)
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.10g", error))
                    .append('\n');
            ks.add((double) k);
            errors.add(error);
        }
        AtomicFiles.writeString(run.file("reconstruction_error.csv"), csv.toString());
        LineCharts.lines(
                run.file("reconstruction_error.png"),
                run.root().getFileName() + ": reconstruction error against k",
                "k (components kept)",
                "mean squared error per dimension",
                ks.stream().mapToDouble(Double::doubleValue).toArray(),
                List.of("held-out points"),
                List.of(errors.stream().mapToDouble(Double::doubleValue).toArray()),
                true);
        return byK;
    }

    /**
     * The 16 components of largest variance, then the 16 of smallest non-zero variance (pixels
     * that never change, such as MNIST's borders, leave exactly-zero eigenvalues whose vectors are
     * an arbitrary basis of that null space), each labelled with its index (1 = largest) and
     * explained variance ratio. Mid-grey is 0; each image's contrast is its own: +-the 98th
     * percentile of its |values| spans black to white, so that a component concentrated on a few
     * pixels still shows the rest of its pattern (those few saturate).
     */
    private static void eigenImages(Pca pca, ImageSpec shape, RunDirectory run, int scale) throws Exception {
        int d = pca.dimension();
        double[] variance = pca.explainedVariance();
        double[] ratio = pca.explainedVarianceRatio();
        int nonZero = 0;
        while (nonZero < d && variance[nonZero] > 1e-9 * variance[0]) {
            nonZero++;
        }
        int shown = Math.min(16, nonZero / 2);
        List<TilePanel.Tile> top = new ArrayList<>();
        List<TilePanel.Tile> bottom = new ArrayList<>();
        for (int i = 0; i < 2 * shown; i++) {
            int index = i < shown ? i : nonZero - 2 * shown + i;
            TilePanel.Tile tile = new TilePanel.Tile(
                    contrast(pca.component(index)),
                    String.format(Locale.ROOT, "#%d  %.2g%%", index + 1, 100 * ratio[index]));
            (i < shown ? top : bottom).add(tile);
        }
        TilePanel.write(
                run.file("components.png"),
                run.root().getFileName() + ": principal components of " + pca.nSamples()
                        + " points (index, explained variance ratio)",
                List.of(
                        new TilePanel.Block("top " + shown + ": largest variance", top),
                        new TilePanel.Block(
                                "bottom " + shown + " of the " + nonZero + " with non-zero variance", bottom)),
                shape,
                4 * scale,
                8);
    }

    /** @return v mapped to [0, 1]: 0.5 + 0.5 v / q, clipped, q the 98th percentile of |v| */
    static float[] contrast(double[] v) {
        double[] magnitudes = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            magnitudes[i] = Math.abs(v[i]);
        }
        java.util.Arrays.sort(magnitudes);
        double q = magnitudes[(int) Math.floor(0.98 * (v.length - 1))];
        if (q <= 0) {
            q = magnitudes[v.length - 1] > 0 ? magnitudes[v.length - 1] : 1;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) Math.max(0, Math.min(1, 0.5 + 0.5 * v[i] / q));
        }
        return out;
    }

    /** axes.png for 2-D points: up to 2,000 of them, the axes at +-2 standard deviations, 12 projections. */
    private static void axes(Pca pca, NDArray train, RunDirectory run) throws IOException {
        double[][] first = firstPoints(train, 2000);
        double[] x = first[0];
        double[] y = first[1];
        int n = x.length;
        double[] variance = pca.explainedVariance();
        int[] projected = java.util.stream.IntStream.range(0, Math.min(12, n)).toArray();
        PrincipalAxesFigure.principalAxes(
                run.file("axes.png"),
                run.root().getFileName() + ": principal axes and projections on PC1",
                x,
                y,
                pca.mean(),
                new double[][] {pca.component(0), pca.component(1)},
                new double[] {2 * Math.sqrt(variance[0]), 2 * Math.sqrt(variance[1])},
                projected);
    }

    /** @return {x[], y[]} of the first (up to) {@code most} 2-D points */
    static double[][] firstPoints(NDArray train, int most) {
        int n = (int) Math.min(most, train.getShape().get(0));
        double[] xy = train.get(new NDIndex().addSliceDim(0, n))
                .toType(DataType.FLOAT64, false)
                .toDoubleArray();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new double[][] {x, y};
    }

    private static float[] toFloats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }
}
