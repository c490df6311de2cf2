package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import genmodels.config.RunConfig;
import genmodels.density.gmm.EmHooks;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmConfig;
import genmodels.density.gmm.GmmOptions;
import genmodels.density.gmm.GradientFit;
import genmodels.engine.Threads;
import genmodels.io.AtomicFiles;
import genmodels.io.Headline;
import genmodels.io.Progress;
import genmodels.io.RunDirectory;
import genmodels.plot.LineCharts;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code genmodels fit-gmm}: fit a Gaussian mixture for each K (by EM or by gradient ascent),
 * compare the K by BIC and AIC, and describe the best: parameters, per-iteration log-likelihood,
 * train and test log-likelihood, samples (decoded to images when the points came from images),
 * assignments on request, and the density for 1-D and 2-D points.
 */
public final class GmmRun {

    private GmmRun() {}

    /** One fitted K and its figures. */
    record Fit(
            int k,
            GaussianMixture gmm,
            double train,
            Double test,
            double bic,
            double aic,
            double seconds,
            EmSnapshots snapshots) {}

    /**
     * @param config the resolved config
     * @param device where to compute
     * @param threads the thread setting (chosen on the fit's own first iterations)
     * @param out console
     */
    public static void run(RunConfig<GmmConfig> config, ai.djl.Device device, Threads threads, PrintWriter out)
            throws Exception {
        RunDirectory.checkAvailable(config.output().dir());
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Points points = PointSources.load(config.data(), config.train().seed(), manager);
            RunDirectory run = RunSupport.open(config, "fit-gmm");
            out.println("fit-gmm: " + points.description() + " -> " + run.root());
            List<Fit> fits = fitEachK(config, points, device, threads, manager, out);
            Fit best = fits.get(0);
            for (Fit f : fits) {
                if (f.bic() < best.bic()) {
                    best = f;
                }
            }
            if (fits.size() > 1) {
                writeComparison(fits, best, run);
                out.printf("best K by BIC: %d%n", best.k());
            }
            writeOutputs(config, points, best, run, manager, out);
            RunSupport.summary(
                    run,
                    "fit-gmm",
                    config,
                    points,
                    summary(config.model(), fits, best),
                    Headline.entry(
                            best.test() != null ? "test.mean_log_likelihood" : "train.mean_log_likelihood", true),
                    device,
                    threads,
                    out);
        }
    }

    /**
     * Fits each K of the config. EM chooses the thread count on its own first iterations; the
     * gradient fit (the same float64 products) on an EM iteration of up to 8,192 points before it starts.
     */
    private static List<Fit> fitEachK(
            RunConfig<GmmConfig> config,
            Points points,
            ai.djl.Device device,
            Threads threads,
            NDManager manager,
            PrintWriter out) {
        GmmConfig model = config.model();
        boolean gradient = model.method().equals("gradient");
        Threads.During during = null;
        if (gradient) {
            try (NDManager scope = manager.newSubManager()) {
                threads.choose(
                        "EM iteration on up to 8,192 points",
                        device.isGpu(),
                        GaussianMixture.iterationKernel(
                                points.train(),
                                model.options(
                                        model.components().get(0),
                                        config.train().seed()),
                                scope),
                        out);
            }
        } else {
            during = threads.during("EM iteration", device.isGpu(), out);
        }
        List<Fit> fits = new ArrayList<>();
        for (int k : model.components()) {
            fits.add(fitOne(config, k, points, during, out));
        }
        if (during != null) {
            during.finish();
        }
        return fits;
    }

    /** One K: the fit, its scores, BIC and AIC, and a line on the console. */
    private static Fit fitOne(
            RunConfig<GmmConfig> config, int k, Points points, Threads.During during, PrintWriter out) {
        GmmConfig model = config.model();
        GmmOptions options = model.options(k, config.train().seed());
        boolean gradient = model.method().equals("gradient");
        long start = System.nanoTime();
        Progress progress = Progress.of(
                (gradient ? "gradient ascent, K=" : "EM, K=") + k,
                gradient ? model.gradientSteps() : (long) options.maxIter() * options.nInit(),
                gradient ? "steps" : "iterations",
                out);
        List<Integer> wanted = config.output().snapshots();
        EmSnapshots snapshots = !gradient && wanted != null && points.dimension() == 2
                ? new EmSnapshots(EmHooks.of(during, progress), wanted)
                : null;
        GaussianMixture gmm = gradient
                ? GradientFit.fit(
                        points.train(),
                        options,
                        config.train().optimizer(),
                        model.stopping(),
                        EmHooks.of(null, progress))
                : GaussianMixture.fit(
                        points.train(), options, snapshots != null ? snapshots : EmHooks.of(during, progress));
        progress.done();
        double seconds = RunSupport.seconds(start);
        double train = gmm.score(points.train());
        Double test = points.test() == null ? null : gmm.score(points.test());
        long n = points.train().getShape().get(0);
        Fit fit = new Fit(k, gmm, train, test, gmm.bic(train, n), gmm.aic(train, n), seconds, snapshots); // scored once
        out.printf(
                Locale.ROOT,
                "K=%d %s (%s): train %.4f%s nats per sample, BIC %.1f, AIC %.1f, %d %s%s, %.2f s%n",
                k,
                model.covariance(),
                model.method(),
                train,
                test == null ? "" : String.format(Locale.ROOT, ", test %.4f", test),
                fit.bic(),
                fit.aic(),
                gmm.nIter(),
                gradient ? "steps" : "iterations",
                gmm.converged() ? ", converged" : ", not converged",
                seconds);
        out.flush();
        return fit;
    }

    /** The best K's parameters, history, assignments, samples and density picture. */
    private static void writeOutputs(
            RunConfig<GmmConfig> config, Points points, Fit best, RunDirectory run, NDManager manager, PrintWriter out)
            throws Exception {
        GaussianMixture gmm = best.gmm();
        String method = config.model().method();
        genmodels.density.gmm.MixtureFile.write(run.root(), gmm, method);
        writeHistory(gmm, run, method);
        if (config.output().writeAssignments()) {
            writeAssignments(gmm, points, run);
        }
        NDArray samples = RunSupport.writeSamples(config, points, gmm, run, manager);
        if (points.dimension() == 2) {
            String name = run.root().getFileName().toString();
            MixturePictures.responsibilities(run.file("responsibilities.png"), name, points.train(), gmm);
            if (best.snapshots() != null) {
                MixturePictures.snapshots(
                        run.file("em_snapshots.png"),
                        name,
                        points.train(),
                        best.snapshots().ofBest(),
                        gmm);
                List<Integer> unreached = best.snapshots().unreached();
                if (!unreached.isEmpty()) {
                    out.println("em_snapshots.png: EM converged after " + gmm.nIter() + " iterations, before "
                            + unreached + "; the last panel is the final fit");
                }
            }
        }
        if (points.dimension() <= 2) {
            DensityFigures.write(
                    run.file("density.png"),
                    String.format(
                            Locale.ROOT,
                            "%s: Gaussian mixture, K = %d, %s covariance (%s)",
                            run.root().getFileName(),
                            best.k(),
                            config.model().covariance(),
                            method),
                    points.train(),
                    gmm::scoreSamples,
                    gmm::responsibilities,
                    samples);
        }
    }

    /** summary.json's figures of the best K, and every K's when there are several. */
    private static Map<String, Object> summary(GmmConfig model, List<Fit> fits, Fit best) {
        GaussianMixture gmm = best.gmm();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("train", Map.of("mean_log_likelihood", best.train()));
        if (best.test() != null) {
            summary.put("test", Map.of("mean_log_likelihood", best.test()));
        }
        summary.put("n_components", best.k());
        summary.put("covariance", model.covariance());
        summary.put("method", model.method());
        summary.put("bic", best.bic());
        summary.put("aic", best.aic());
        summary.put("n_parameters", gmm.parameterCount());
        summary.put("n_iter", gmm.nIter());
        summary.put("converged", gmm.converged());
        summary.put("lower_bound", gmm.lowerBound());
        summary.put("fit_seconds", best.seconds());
        summary.put("iteration_seconds", gmm.iterationSeconds());
        if (fits.size() > 1) {
            List<Map<String, Object>> byK = new ArrayList<>();
            for (Fit f : fits) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("k", f.k());
                row.put("train_mean_log_likelihood", f.train());
                row.put("test_mean_log_likelihood", f.test());
                row.put("bic", f.bic());
                row.put("aic", f.aic());
                row.put("n_iter", f.gmm().nIter());
                row.put("converged", f.gmm().converged());
                row.put("fit_seconds", f.seconds());
                byK.add(row);
            }
            summary.put("by_k", byK);
        }
        return summary;
    }

    private static void writeHistory(GaussianMixture gmm, RunDirectory run, String method) throws Exception {
        double[] h = gmm.history();
        StringBuilder csv = new StringBuilder("iteration,mean_log_likelihood\n");
        double[] x = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            x[i] = i + 1;
            csv.append(i + 1)
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.10g", h[i]))
                    .append('\n');
        }
        AtomicFiles.writeString(run.file("history.csv"), csv.toString());
        double floor = axisFloor(h);
        long below = java.util.Arrays.stream(h).filter(v -> v < floor).count();
        String title = run.root().getFileName() + ": mean log-likelihood per sample (" + method + ")"
                + (below == 0 ? "" : String.format(Locale.ROOT, "; %d below the axis, from %.3g", below, h[0]));
        LineCharts.lines(
                run.file("history.png"),
                title,
                method.equals("em") ? "EM iteration" : "Adam step",
                "nats per sample",
                x,
                List.of("training points"),
                List.of(h),
                floor);
    }

    /**
     * The bottom of history.png's y axis: the lowest value, unless the first values lie so far below
     * the rest that they would flatten the curve (a start from {@code random_from_data} begins
     * millions of nats down). Leading values are left below the axis while each is more than a
     * hundred times further from the best than the next one; the axis then starts just under the
     * first value kept.
     *
     * @param history the mean log-likelihood per iteration
     * @return the axis minimum
     */
    static double axisFloor(double[] history) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (double v : history) {
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
        }
        int first = 0;
        while (first + 2 < history.length
                && highest - history[first + 1] > 0
                && highest - history[first] > 100 * (highest - history[first + 1])) {
            first++;
        }
        return first == 0 ? lowest : history[first] - 0.05 * (highest - history[first]);
    }

    private static void writeComparison(List<Fit> fits, Fit best, RunDirectory run) throws Exception {
        StringBuilder csv =
                new StringBuilder("k,train_mean_log_likelihood,test_mean_log_likelihood,bic,aic,best_by_bic\n");
        double[] ks = new double[fits.size()];
        double[] bic = new double[fits.size()];
        double[] aic = new double[fits.size()];
        for (int i = 0; i < fits.size(); i++) {
            Fit f = fits.get(i);
            ks[i] = f.k();
            bic[i] = f.bic();
            aic[i] = f.aic();
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%.8g,%s,%.8g,%.8g,%s%n",
                    f.k(),
                    f.train(),
                    f.test() == null ? "" : String.format(Locale.ROOT, "%.8g", f.test()),
                    f.bic(),
                    f.aic(),
                    f == best));
        }
        AtomicFiles.writeString(run.file("bic_aic.csv"), csv.toString());
        LineCharts.linesWithMark(
                run.file("bic_aic.png"),
                run.root().getFileName() + ": model selection, best K by BIC = " + best.k(),
                "K (components)",
                "criterion (lower is better)",
                ks,
                List.of("BIC", "AIC"),
                List.of(bic, aic),
                best.k(),
                best.bic(),
                "best K by BIC");
    }

    private static void writeAssignments(GaussianMixture gmm, Points points, RunDirectory run) throws Exception {
        StringBuilder csv = new StringBuilder("split,index,label,component");
        for (int c = 1; c <= gmm.nComponents(); c++) {
            csv.append(",responsibility_").append(c);
        }
        csv.append('\n');
        appendAssignments(csv, "train", gmm, points.train(), points.trainLabels());
        if (points.test() != null) {
            appendAssignments(csv, "test", gmm, points.test(), points.testLabels());
        }
        AtomicFiles.writeString(run.file("assignments.csv"), csv.toString());
    }

    private static void appendAssignments(
            StringBuilder csv, String split, GaussianMixture gmm, NDArray x, int[] labels) {
        int k = gmm.nComponents();
        try (NDManager scratch = x.getManager().newSubManager()) {
            scratch.tempAttachAll(x);
            double[] resp = gmm.responsibilities(x).toDoubleArray();
            int n = resp.length / k;
            for (int i = 0; i < n; i++) {
                int arg = 0;
                for (int c = 1; c < k; c++) {
                    if (resp[i * k + c] > resp[i * k + arg]) {
                        arg = c;
                    }
                }
                csv.append(split)
                        .append(',')
                        .append(i)
                        .append(',')
                        .append(labels == null ? "" : labels[i])
                        .append(',')
                        .append(arg);
                for (int c = 0; c < k; c++) {
                    csv.append(',').append(String.format(Locale.ROOT, "%.6g", resp[i * k + c]));
                }
                csv.append('\n');
            }
        }
    }

    static void writePoints(java.nio.file.Path file, NDArray points) throws Exception {
        int d = Math.toIntExact(points.getShape().get(1));
        double[] v = points.toType(DataType.FLOAT64, false).toDoubleArray();
        StringBuilder csv = new StringBuilder();
        for (int j = 1; j <= d; j++) {
            csv.append(j > 1 ? "," : "").append('x').append(j);
        }
        csv.append('\n');
        for (int i = 0; i < v.length / d; i++) {
            for (int j = 0; j < d; j++) {
                csv.append(j > 0 ? "," : "").append(String.format(Locale.ROOT, "%.8g", v[i * d + j]));
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
    }
}
