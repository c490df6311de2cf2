package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import genmodels.config.RunConfig;
import genmodels.density.kde.KdeConfig;
import genmodels.density.kde.KernelDensity;
import genmodels.engine.Threads;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.Headline;
import genmodels.io.Progress;
import genmodels.io.RunDirectory;
import genmodels.plot.LineCharts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code genmodels fit-kde}: Gaussian kernel density estimation with Scott's, Silverman's, given
 * or cross-validated bandwidth factors (one KDE per listed bandwidth; the one with the best
 * log-density on a held-out fifth of the training points is kept, never chosen by the test points);
 * test mean log-density, samples, the density for 1-D
 * and 2-D points.
 */
public final class KdeRun {

    /** Multiples of Scott's factor tried by bandwidth cv. */
    static final double[] CV_GRID = {0.25, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.8};

    /** Share of the training points held out to score each factor in cv. */
    static final double CV_HOLDOUT = 0.2;

    private KdeRun() {}

    /**
     * @param config the resolved config
     * @param device where to compute
     * @param threads the thread setting (chosen on the scoring of up to 1,000 points)
     * @param out console
     */
    public static void run(RunConfig<KdeConfig> config, ai.djl.Device device, Threads threads, PrintWriter out)
            throws Exception {
        RunDirectory.checkAvailable(config.output().dir());
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Points points = PointSources.load(config.data(), config.train().seed(), manager);
            RunDirectory run = RunSupport.open(config, "fit-kde");
            out.println("fit-kde: " + points.description() + " -> " + run.root());
            long n = points.train().getShape().get(0);
            threads.choose(
                    "scoring of up to 1,000 points",
                    device.isGpu(),
                    KernelDensity.fit(points.train(), KernelDensity.scott(n, points.dimension()))
                            .timingKernel(points.train()),
                    out);
            Map<String, Object> summary = new LinkedHashMap<>();
            List<Fitted> fits = new ArrayList<>();
            for (String rule : config.model().bandwidth()) {
                fits.add(fit(rule, points, config.train().seed(), run, summary, out));
            }
            Fitted best = fits.get(0);
            if (fits.size() > 1) {
                fits = validated(fits, points.train(), config.train().seed());
                best = fits.get(0);
                for (Fitted f : fits) {
                    if (f.validation > best.validation) {
                        best = f;
                    }
                }
                summary.put("bandwidths", bandwidths(fits));
                summary.put("validation_mean_log_likelihood", best.validation); // the score that chose it
                out.printf(
                        Locale.ROOT,
                        "best bandwidth by validation log-density (a fifth of the training points held out, each"
                                + " bandwidth fitted on the rest): %s (factor %.6f); test figures are reported only%n",
                        best.rule,
                        best.factor);
                overlay(run.file("bandwidths.png"), run.root().getFileName().toString(), points.train(), fits);
            }
            describe(best, points, summary);
            writeOutputs(config, points, best, run, manager);
            if (config.model().histogramBins() != null) {
                summary.put("histogram", HistogramFigures.fit(config.model().histogramBins(), points, best, run, out));
            }
            RunSupport.summary(
                    run,
                    "fit-kde",
                    config,
                    points,
                    summary,
                    best.test != null ? Headline.entry("test.mean_log_likelihood", true) : null,
                    device,
                    threads,
                    out);
        }
    }

    /** @return each bandwidth's rule, factor and held-out mean log-density, for summary.json */
    private static List<Map<String, Object>> bandwidths(List<Fitted> fits) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Fitted f : fits) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bandwidth", f.rule);
            row.put("bandwidth_factor", f.factor);
            row.put("validation_mean_log_likelihood", f.validation);
            row.put("test_mean_log_likelihood", f.test);
            all.add(row);
        }
        return all;
    }

    /** The kept fit's figures, into summary.json's entries. */
    private static void describe(Fitted best, Points points, Map<String, Object> summary) {
        if (best.test != null) {
            summary.put("test", Map.of("mean_log_likelihood", best.test));
            summary.put("score_seconds", best.scoreSeconds);
            summary.put("scored_points_per_second", points.test().getShape().get(0) / best.scoreSeconds);
        }
        summary.put("bandwidth", best.rule);
        summary.put("bandwidth_factor", best.factor);
        summary.put("kernel_covariance", best.kde.kernelCovariance());
        summary.put("n_train", points.train().getShape().get(0));
        summary.put("fit_seconds", best.fitSeconds);
    }

    /** Samples (as points and, decoded, as images) and the density picture of the kept fit. */
    private static void writeOutputs(
            RunConfig<KdeConfig> config, Points points, Fitted best, RunDirectory run, NDManager manager)
            throws Exception {
        best.kde.save(run.root());
        NDArray samples = RunSupport.writeSamples(config, points, best.kde, run, manager);
        if (points.dimension() <= 2) {
            DensityFigures.write(
                    run.file("density.png"),
                    String.format(
                            Locale.ROOT,
                            "%s: Gaussian kernel density, %s bandwidth (factor %.4f)",
                            run.root().getFileName(),
                            best.rule,
                            best.factor),
                    points.train(),
                    best.kde::scoreSamples,
                    null,
                    samples);
        }
    }

    /**
     * One bandwidth's fit: its rule, factor, the KDE on every training point, its test mean
     * log-density (null without test points) and, when several bandwidths are compared, its
     * validation mean log-density (null until {@link #validated}).
     */
    record Fitted(
            String rule,
            double factor,
            KernelDensity kde,
            Double test,
            double fitSeconds,
            double scoreSeconds,
            Double validation) {}

    /**
     * Scores each bandwidth on the held-out fifth of the training points ({@link #holdOut}), fitted on
     * the other four fifths with its factor rescaled from n to n - held points as Scott's rule scales
     * (n^(-1/(d+4))), so that the comparison is that of the bandwidths the fits on all n points use.
     *
     * @return the fits with their validation mean log-density, in nats per point
     */
    private static List<Fitted> validated(List<Fitted> fits, NDArray train, long seed) {
        List<Fitted> out = new ArrayList<>();
        try (NDManager scratch = train.getManager().newSubManager()) {
            HeldOut h = holdOut(train, seed, scratch);
            double rescale = Math.pow((double) h.n() / (h.n() - h.held()), 1.0 / (h.dimension() + 4));
            for (Fitted f : fits) {
                double v = KernelDensity.fit(h.fitPart(), f.factor * rescale).score(h.heldPart());
                out.add(new Fitted(f.rule, f.factor, f.kde, f.test, f.fitSeconds, f.scoreSeconds, v));
            }
        }
        return out;
    }

    /** The training points split for choosing a bandwidth: a seeded {@value #CV_HOLDOUT} share held out. */
    record HeldOut(NDArray fitPart, NDArray heldPart, long n, int held, int dimension) {}

    /**
     * @param seed {@code train.seed}: the same split for cv and for comparing listed bandwidths
     * @throws UserError when there are too few training points to hold any out
     */
    private static HeldOut holdOut(NDArray train, long seed, NDManager scratch) {
        long n = train.getShape().get(0);
        int d = Math.toIntExact(train.getShape().get(1));
        int held = (int) Math.round(n * CV_HOLDOUT);
        if (held < 1 || n - held < 2) {
            throw new UserError("choosing a bandwidth on held-out training points needs at least 3 of them");
        }
        int[] order = new int[(int) n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        NDArray fitPart = train.get(
                scratch, new NDIndex("{}", scratch.create(java.util.Arrays.copyOfRange(order, held, order.length))));
        NDArray heldPart =
                train.get(scratch, new NDIndex("{}", scratch.create(java.util.Arrays.copyOfRange(order, 0, held))));
        return new HeldOut(fitPart, heldPart, n, held, d);
    }

    private static Fitted fit(
            String rule, Points points, long seed, RunDirectory run, Map<String, Object> summary, PrintWriter out)
            throws Exception {
        long n = points.train().getShape().get(0);
        int d = points.dimension();
        double factor = switch (rule) {
            case "scott" -> KernelDensity.scott(n, d);
            case "silverman" -> KernelDensity.silverman(n, d);
            case "cv" -> crossValidate(points.train(), seed, run, summary, out);
            default -> Double.parseDouble(rule);
        };
        long start = System.nanoTime();
        KernelDensity kde = KernelDensity.fit(points.train(), factor);
        double fitSeconds = RunSupport.seconds(start);
        out.printf(
                Locale.ROOT,
                "bandwidth %s: factor %.6f (kernel covariance = factor^2 x data covariance)%n",
                rule,
                factor);
        if (points.test() == null) {
            return new Fitted(rule, factor, kde, null, fitSeconds, 0, null);
        }
        start = System.nanoTime();
        long queries = points.test().getShape().get(0);
        Progress progress = Progress.of("KDE scoring", queries, "test points", out);
        double test = kde.score(points.test(), progress.asConsumer());
        progress.done();
        double scoreSeconds = RunSupport.seconds(start);
        out.printf(
                Locale.ROOT,
                "test mean log-density %.6f nats per point; scored %d points against %d in %.2f s%n",
                test,
                queries,
                n,
                scoreSeconds);
        return new Fitted(rule, factor, kde, test, fitSeconds, scoreSeconds, null);
    }

    /**
     * The densities of several bandwidths in one plot: for 1-D points the density itself, for more
     * dimensions the marginal density of the first coordinate, which for a Gaussian KDE with
     * kernel covariance f^2 Sigma is exactly the 1-D KDE of that coordinate with the same factor f.
     */
    private static void overlay(Path file, String name, NDArray train, List<Fitted> fits) throws IOException {
        try (NDManager scratch = train.getManager().newSubManager()) {
            NDArray first = train.get(scratch, new NDIndex(":, 0:1"));
            double[] values =
                    first.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            double lo = sorted[(int) (0.001 * (sorted.length - 1))];
            double hi = sorted[(int) (0.999 * (sorted.length - 1))];
            double margin = 0.1 * (hi - lo + 1e-12);
            int count = 400;
            double[] grid = new double[count];
            for (int i = 0; i < count; i++) {
                grid[i] = lo - margin + (hi - lo + 2 * margin) * i / (count - 1);
            }
            NDArray at = scratch.create(grid, new ai.djl.ndarray.types.Shape(count, 1))
                    .toType(first.getDataType(), false);
            List<String> names = new ArrayList<>();
            List<double[]> ys = new ArrayList<>();
            for (Fitted f : fits) {
                NDArray logDensity = KernelDensity.fit(first, f.factor).scoreSamples(at);
                ys.add(logDensity
                        .exp()
                        .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                        .toDoubleArray());
                names.add(String.format(
                        Locale.ROOT,
                        "%s (factor %.3g): validation %.4f, test %s nats",
                        f.rule,
                        f.factor,
                        f.validation,
                        f.test == null ? "n/a" : String.format(Locale.ROOT, "%.4f", f.test)));
            }
            boolean oneD = train.getShape().get(1) == 1;
            LineCharts.lines(
                    file,
                    name + ": Gaussian KDE, one curve per bandwidth" + (oneD ? "" : " (marginal of x1)"),
                    "x1",
                    oneD ? "density" : "marginal density of x1",
                    grid,
                    names,
                    ys,
                    false);
        }
    }

    /**
     * Chooses the factor by held-out log-likelihood: a seeded 20% of the training points are scored
     * by a KDE of the other 80% for each multiple of Scott's factor in {@link #CV_GRID}.
     */
    private static double crossValidate(
            NDArray train, long seed, RunDirectory run, Map<String, Object> summary, PrintWriter out) throws Exception {
        double best;
        double bestScore = Double.NEGATIVE_INFINITY;
        double toAllPoints;
        StringBuilder csv = new StringBuilder("factor,held_out_mean_log_likelihood\n");
        try (NDManager scratch = train.getManager().newSubManager()) {
            HeldOut h = holdOut(train, seed, scratch);
            double scott = KernelDensity.scott(h.n() - h.held(), h.dimension());
            best = scott;
            for (double multiple : CV_GRID) {
                double factor = scott * multiple;
                double score = KernelDensity.fit(h.fitPart(), factor).score(h.heldPart());
                csv.append(String.format(Locale.ROOT, "%.8g,%.8g%n", factor, score));
                if (score > bestScore) {
                    bestScore = score;
                    best = factor;
                }
            }
            // the factor found on n - held points, rescaled to n points as Scott's rule scales
            toAllPoints = Math.pow((double) h.n() / (h.n() - h.held()), -1.0 / (h.dimension() + 4));
        }
        AtomicFiles.writeString(run.file("cv.csv"), csv.toString());
        summary.put("cv_held_out_mean_log_likelihood", bestScore);
        out.printf(
                Locale.ROOT,
                "bandwidth cv: best factor %.6f (held-out %.4f nats per point); the fit uses it on all"
                        + " training points%n",
                best,
                bestScore);
        return best * toAllPoints;
    }
}
