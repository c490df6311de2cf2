package genmodels.fit;

import genmodels.config.ConfigLoader;
import genmodels.config.RunConfig;
import genmodels.io.AtomicFiles;
import genmodels.io.Json;
import genmodels.io.RunDirectory;
import genmodels.io.Versions;
import genmodels.report.ReportPage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Writes {@code summary.json}: the given entries, then command, model, data and versions.
     */
    static void summary(RunDirectory run, String command, RunConfig<?> config, Points points,
            Map<String, Object> figures, PrintWriter out) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>(figures);
        summary.put("command", command);
        summary.put("model", config.model().type());
        summary.put("data", points.description());
        summary.put("data_identity", points.identity());
        summary.put("versions", Versions.all());
        Json.write(run.summary(), summary);
        ReportPage.write(List.of(run.root()), run.file("report.html"));
        out.println("wrote " + run.root());
        out.flush();
    }

    /** Seconds since {@code start} (from System.nanoTime). */
    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
