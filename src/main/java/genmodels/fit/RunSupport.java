package genmodels.fit;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.engine.Threads;
import genmodels.io.AtomicFiles;
import genmodels.io.Headline;
import genmodels.io.ImageGrid;
import genmodels.io.Json;
import genmodels.io.Provenance;
import genmodels.io.RunDirectory;
import genmodels.report.ReportPage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** What every density command does around its fit: run directory, resolved config, summary. */
final class RunSupport {

    private RunSupport() {}

    /** Creates the run directory and writes the resolved config. */
    static RunDirectory open(RunConfig<?> config, String command) throws IOException {
        RunDirectory run = RunDirectory.create(config.output().dir(), command);
        AtomicFiles.writeString(run.config(), ConfigLoader.toYaml(config));
        return run;
    }

    /**
     * Writes {@code summary.json}: the given entries, then the headline and the provenance (command,
     * model, seed, the points and their identity, device, threads, versions), then the report.
     *
     * @param headline the dotted key of the figure the fit is judged by ({@link Headline#entry})
     */
    static void summary(
            RunDirectory run,
            String command,
            RunConfig<?> config,
            Points points,
            Map<String, Object> figures,
            Map<String, Object> headline,
            Device device,
            Threads threads,
            PrintWriter out)
            throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>(figures);
        summary.put("headline", headline);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("points", points.description());
        data.putAll(points.identity());
        summary.put(
                "provenance",
                Provenance.of(
                        command,
                        config.model().type(),
                        (long) config.train().seed(),
                        data,
                        device.isGpu() ? "gpu:" + device.getDeviceId() : device.getDeviceType(),
                        threads.choice().threads(),
                        threads.choice().toJson()));
        Json.write(run.summary(), summary);
        ReportPage.write(List.of(run.root()), run.file("report.html"));
        out.println("wrote " + run.root());
        out.flush();
    }

    /** Seconds since {@code start} (from System.nanoTime). */
    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Draws {@code output.samples} points (from a {@link java.util.Random} seeded by {@code train.seed})
     * and writes {@code samples.csv}, and {@code samples.png} when the points decode to images.
     *
     * @return the samples, or null when none are asked for
     */
    static NDArray writeSamples(
            RunConfig<?> config, Points points, genmodels.density.Density density, RunDirectory run, NDManager manager)
            throws Exception {
        int n = config.output().sampleCount();
        if (n <= 0) {
            return null;
        }
        NDArray samples = density.sample(manager, n, new Random(config.train().seed()));
        writePoints(run.file("samples.csv"), samples);
        if (points.decoder() != null) {
            ImageGrid.write(
                    points.decoder().toImages(samples),
                    points.decoder().image(),
                    Math.min(n, 8),
                    config.output().gridScaleOrDefault(),
                    run.file("samples.png"));
        }
        return samples;
    }

    /** Writes points [n, d] as CSV: a header x1..xd, then one row per point (8 significant digits). */
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
