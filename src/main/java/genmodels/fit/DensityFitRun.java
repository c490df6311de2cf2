package genmodels.fit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import genmodels.config.ModelConfig;
import genmodels.config.RunConfig;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.engine.Threads;
import genmodels.io.Headline;
import genmodels.io.RunDirectory;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * {@code genmodels fit TYPE} for a density family without a run of its own ({@link
 * DensityFamily#command}): fit on the training points, score them and the test points, save the
 * density into the run folder, draw {@code output.samples} points, picture 1-D and 2-D fits, and
 * write the summary (mean log-likelihoods in nats, BIC and AIC where the parameters are counted).
 */
public final class DensityFitRun {

    /** Training points the thread choice times a fit on. */
    private static final long TIMING_ROWS = 2048;

    private DensityFitRun() {}

    /**
     * @param command the run's command name, e.g. {@code fit-tmm}
     * @param family the family fitted
     * @param fitter its fit from the config's {@code model} section
     */
    static <M extends ModelConfig> void run(
            String command,
            DensityFamily family,
            DensityFamily.ConfiguredFitter<M> fitter,
            RunConfig<M> config,
            Device device,
            Threads threads,
            PrintWriter out)
            throws Exception {
        RunDirectory.checkAvailable(config.output().dir());
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Points points = PointSources.load(config.data(), config.train().seed(), manager);
            RunDirectory run = RunSupport.open(config, command);
            out.println(command + ": " + points.description() + " -> " + run.root());
            chooseThreads(fitter, config, points, device, threads, out);
            long start = System.nanoTime();
            Density density = fitter.fit(
                    config.model(), points.train(), new Random(config.train().seed()));
            double seconds = RunSupport.seconds(start);
            density.save(run.root());
            Map<String, Object> summary = scores(density, points, out);
            summary.put("fit_seconds", seconds);
            NDArray samples = RunSupport.writeSamples(config, points, density, run, manager);
            if (points.dimension() <= 2) {
                DensityFigures.write(
                        run.file("density.png"),
                        String.format(
                                Locale.ROOT,
                                "%s: %s",
                                run.root().getFileName(),
                                family.summary().split(" \\(")[0]),
                        points.train(),
                        density::scoreSamples,
                        null,
                        samples);
            }
            RunSupport.summary(
                    run,
                    command,
                    config,
                    points,
                    summary,
                    Headline.entry(
                            points.test() != null ? "test.mean_log_likelihood" : "train.mean_log_likelihood", true),
                    device,
                    threads,
                    out);
        }
    }

    /** @return train and test mean log-likelihoods, and BIC, AIC and the parameter count where counted */
    private static Map<String, Object> scores(Density density, Points points, PrintWriter out) {
        Map<String, Object> summary = new LinkedHashMap<>();
        double train = density.score(points.train());
        long n = points.train().getShape().get(0);
        summary.put("train", Map.of("mean_log_likelihood", train));
        Double test = points.test() == null ? null : density.score(points.test());
        if (test != null) {
            summary.put("test", Map.of("mean_log_likelihood", test));
        }
        OptionalLong p = density.freeParameters();
        if (p.isPresent()) {
            summary.put("n_parameters", p.getAsLong());
            summary.put("bic", -2 * train * n + p.getAsLong() * Math.log(n));
            summary.put("aic", -2 * train * n + 2.0 * p.getAsLong());
        }
        out.printf(
                Locale.ROOT,
                "mean log-likelihood: train %.4f%s nats per point%n",
                train,
                test == null ? "" : String.format(Locale.ROOT, ", test %.4f", test));
        return summary;
    }

    /** Chooses the thread count on a fit of up to {@value #TIMING_ROWS} training points. */
    private static <M extends ModelConfig> void chooseThreads(
            DensityFamily.ConfiguredFitter<M> fitter,
            RunConfig<M> config,
            Points points,
            Device device,
            Threads threads,
            PrintWriter out) {
        try (NDManager scope = points.train().getManager().newSubManager()) {
            threads.choose(
                    "a fit of up to 2,048 points",
                    device.isGpu(),
                    fitKernel(
                            fitter,
                            config.model(),
                            points.train(),
                            config.train().seed(),
                            scope),
                    out);
        }
    }

    /**
     * @param train the training points; the first {@value #TIMING_ROWS} are fitted
     * @param scope where those rows are copied; each fit's arrays are freed when it ends
     * @return one fit of the family on up to {@value #TIMING_ROWS} points, what a thread choice times
     */
    public static <M extends ModelConfig> Runnable fitKernel(
            DensityFamily.ConfiguredFitter<M> fitter, M model, NDArray train, long seed, NDManager scope) {
        NDArray some = train.get(
                scope,
                new NDIndex()
                        .addSliceDim(0, Math.min(TIMING_ROWS, train.getShape().get(0))));
        return () -> {
            try (NDManager fit = scope.newSubManager()) {
                fit.tempAttachAll(some); // the fit's arrays go into this scope
                fitter.fit(model, some, new Random(seed));
            }
        };
    }
}
