package genmodels.fit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import genmodels.config.RunConfig;
import genmodels.density.gmm.EmHooks;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmConfig;
import genmodels.density.gmm.GmmOptions;
import genmodels.density.gmm.GradientFit;
import genmodels.engine.Threads;
import genmodels.io.Headline;
import genmodels.io.Progress;
import genmodels.io.RunDirectory;
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
                MixtureOutputs.writeComparison(fits, best, run);
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
        MixtureOutputs.writeHistory(gmm, run, method);
        if (config.output().writeAssignments()) {
            MixtureOutputs.writeAssignments(gmm, points, run);
        }
        NDArray samples = RunSupport.writeSamples(config, points, gmm, run, manager);
        if (points.dimension() == 1 && samples != null && samples.getShape().get(0) > 0) {
            samplingPicture(gmm, (int) samples.getShape().get(0), config.train().seed(), run);
        }
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

    /** sampling.png: ancestral sampling of a 1-D mixture, the component picked by a uniform draw. */
    private static void samplingPicture(GaussianMixture gmm, int n, long seed, RunDirectory run)
            throws java.io.IOException {
        int k = gmm.nComponents();
        double[] means = new double[k];
        double[] stds = new double[k];
        for (int c = 0; c < k; c++) {
            means[c] = gmm.means()[c][0];
            stds[c] = Math.sqrt(gmm.covariance(c)[0][0]);
        }
        genmodels.plot.MixtureSamplingFigure.write(
                run.file("sampling.png"),
                run.root().getFileName() + ": pick component k where u falls (pieces as long as the weights)",
                gmm.weights(),
                means,
                stds,
                n,
                seed);
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
}
