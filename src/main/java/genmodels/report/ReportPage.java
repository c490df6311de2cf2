package genmodels.report;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.AtomicFiles;
import genmodels.io.CheckpointStamp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One self-contained HTML page (pictures embedded as data URIs, no script, nothing fetched) for one
 * run, or for several side by side with a comparison table on top. Built with jsoup element by
 * element: every string from a run (paths, config values, names) goes in through {@code text()} or
 * {@code attr()}, which escape it.
 */
public final class ReportPage {

    /** Splits shown in the metrics table, in this order. */
    private static final List<String> SPLITS = List.of("train", "validation", "test");
    /** summary.json fields shown elsewhere than in the "Figures" table. */
    private static final Set<String> NOT_FIGURES = Set.of(
            "train",
            "validation",
            "test",
            "command",
            "model",
            "units",
            "device",
            "threads",
            "thread_choice",
            "data",
            "data_identity",
            "versions",
            "epoch_seconds",
            "images_per_second",
            "provenance",
            "headline",
            "reductions");

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            .stale { background: #fff3cd; border-left: 4px solid #c77c00; padding: 0.4em 0.8em; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; }
            h3 { font-size: 1.05em; margin-bottom: 0.3em; }
            table { border-collapse: collapse; margin: 0.4em 0 1em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
            figure { margin: 0 0 1em 0; } figcaption { font-size: 0.85em; color: #555; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; image-rendering: pixelated; }
            .runs { display: grid; gap: 1.5em; }
            section.run { min-width: 0; }
            section.run table { display: block; max-width: 100%; overflow-x: auto; }
            """;

    private ReportPage() {}

    /**
     * @param runs run directories, one column each
     * @param output the HTML file to write (atomically)
     * @throws genmodels.errors.UserError when a path is not a finished run directory
     */
    public static void write(List<Path> runs, Path output) throws IOException {
        List<RunContents> contents = new ArrayList<>();
        for (Path run : runs) {
            contents.add(RunContents.read(run));
        }
        String html = build(contents).outerHtml();
        AtomicFiles.writeString(output, html);
    }

    /** @return the page for these runs */
    static Document build(List<RunContents> runs) throws IOException {
        Document doc = Document.createShell("");
        doc.charset(java.nio.charset.StandardCharsets.UTF_8);
        doc.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width");
        doc.title(
                runs.size() == 1
                        ? "genmodels report: " + runs.get(0).name()
                        : "genmodels report: " + runs.size() + " runs");
        doc.head().appendElement("style").appendText(STYLE);
        Element body = doc.body();
        body.appendElement("h1").text(doc.title());
        if (runs.size() > 1) {
            comparison(body, runs);
        }
        Element grid = body.appendElement("div")
                .addClass("runs")
                // each run at least 600 px wide, so its curves stay legible; more runs wrap to new rows
                .attr("style", "grid-template-columns: repeat(auto-fit, minmax(600px, 1fr));");
        for (RunContents run : runs) {
            section(grid.appendElement("section").addClass("run"), run);
        }
        return doc;
    }

    /** eval.json's figures a comparison shows: the IW NLL, and each sampler's FD and class entropy. */
    private static final List<String> EVALUATION_COLUMNS =
            List.of("importance_weighted_nll.nats", "classifier_feature_frechet_distance", "class_entropy_nats");

    /**
     * One row per run: what it was, its headline (the figure it is ranked by), its test figures and
     * eval.json's IW NLL, FD and class entropy where present (stale ones marked), side by side.
     */
    private static void comparison(Element body, List<RunContents> runs) throws IOException {
        body.appendElement("h2").text("Comparison");
        Set<String> keys = new LinkedHashSet<>();
        Set<String> evaluated = new LinkedHashSet<>();
        for (RunContents run : runs) {
            keys.addAll(flatten(run.summary().path("test")).keySet());
            if (run.evaluation() != null) {
                flatten(run.evaluation()).keySet().stream()
                        .filter(k -> EVALUATION_COLUMNS.stream().anyMatch(k::endsWith))
                        .forEach(evaluated::add);
            }
        }
        Element table = body.appendElement("table");
        Element head = table.appendElement("tr");
        for (String h : List.of("run", "command", "model", "time", "headline (ranked by)")) {
            head.appendElement("th").text(h);
        }
        keys.forEach(key -> head.appendElement("th").text("test " + key));
        evaluated.forEach(key -> head.appendElement("th").text("eval.json " + key));
        for (RunContents run : runs) {
            Element row = table.appendElement("tr");
            row.appendElement("td").text(run.name());
            row.appendElement("td").text(run.text("command"));
            row.appendElement("td").text(run.text("model_type"));
            row.appendElement("td").addClass("num").text(seconds(run.summary()));
            row.appendElement("td").text(headline(run));
            Map<String, String> test = flatten(run.summary().path("test"));
            keys.forEach(key -> row.appendElement("td").addClass("num").text(test.getOrDefault(key, "")));
            Map<String, String> evaluation = run.evaluation() == null ? Map.of() : flatten(run.evaluation());
            boolean stale = run.evaluation() != null
                    && CheckpointStamp.staleness(run.evaluation(), run.root()).isPresent();
            for (String key : evaluated) {
                String v = evaluation.getOrDefault(key, "");
                row.appendElement("td").addClass("num").text(v.isEmpty() || !stale ? v : v + " (stale)");
            }
        }
    }

    /** @return "validation.neg_elbo 107.07", or "none" with the run's reason */
    private static String headline(RunContents run) {
        JsonNode h = run.summary().path("headline");
        if (!h.path("figure").isTextual()) {
            return "none";
        }
        JsonNode value = run.summary();
        for (String part : h.path("figure").asText().split("\\.")) {
            value = value.path(part);
        }
        return h.path("figure").asText() + (value.isNumber() ? " " + number(value) : "");
    }

    private static String seconds(JsonNode summary) {
        if (summary.has("epoch_seconds")) {
            return number(summary.get("epoch_seconds")) + " seconds per epoch";
        }
        return summary.has("fit_seconds") ? number(summary.get("fit_seconds")) + " seconds to fit" : "";
    }

    /**
     * One run: its pictures first, then its figures with their units, its evaluation, and what it
     * was (command, device, data checksums, the resolved config) folded away.
     */
    private static void section(Element section, RunContents run) throws IOException {
        section.appendElement("h2").text(run.name());
        pictures(section, run);
        metrics(section, run);
        evaluation(section, run);
        Element provenance = section.appendElement("details").addClass("provenance");
        provenance.appendElement("summary").text("How the run was made: command, device, data, config");
        about(provenance.appendElement("table"), run);
        provenance.appendElement("h3").text("Data");
        Element data = provenance.appendElement("table");
        JsonNode identity = run.provenance("data");
        if (identity.isTextual()) { // a fit's summary.json before the provenance record
            row(data, "points", identity.asText());
            identity = run.summary().path("data_identity");
        }
        flatten(identity).forEach((k, v) -> row(data, k, v));
        if (run.config() != null) {
            provenance.appendElement("h3").text("Resolved config (config.yaml)");
            provenance.appendElement("pre").text(run.config());
        }
    }

    /** eval.json's figures, marked stale when they describe older weights than the run's. */
    private static void evaluation(Element section, RunContents run) throws IOException {
        if (run.evaluation() != null) {
            section.appendElement("h3").text("Evaluation (eval.json)");
            CheckpointStamp.staleness(run.evaluation(), run.root())
                    .ifPresent(why -> section.appendElement("p")
                            .addClass("stale")
                            .text("Stale: " + why + ". Run genmodels evaluate --checkpoint " + run.root()
                                    + " again for figures of the current weights."));
            Element table = section.appendElement("table");
            flatten(run.evaluation()).forEach((k, v) -> row(table, k, v));
        }
    }

    /** What the run was: command, model, folder, device, headline, threads, timing, versions. */
    private static void about(Element about, RunContents run) {
        row(about, "command", run.text("command"));
        row(about, "model", run.text("model_type"));
        row(about, "run directory", run.root().toAbsolutePath().toString());
        row(about, "device", run.text("device"));
        JsonNode headline = run.summary().path("headline");
        if (headline.path("figure").isTextual()) {
            row(
                    about,
                    "headline figure",
                    headline.path("figure").asText() + " ("
                            + (headline.path("higher_is_better").asBoolean() ? "higher" : "lower") + " is better)");
        } else if (headline.path("not_ranked").isTextual()) {
            row(about, "headline figure", "none: " + headline.path("not_ranked").asText());
        }
        JsonNode choice = run.provenance("thread_choice");
        row(
                about,
                "threads",
                run.text("threads")
                        + (choice.has("how") ? " (" + choice.get("how").asText() + ")" : ""));
        row(about, "timing", seconds(run.summary()));
        if (run.summary().has("images_per_second")) {
            row(about, "images per second (training)", number(run.summary().get("images_per_second")));
        }
        JsonNode versions = run.provenance("versions");
        if (!versions.isMissingNode()) {
            row(
                    about,
                    "versions",
                    String.join(
                            ", ",
                            flatten(versions).entrySet().stream()
                                    .map(e -> e.getKey() + " " + e.getValue())
                                    .toList()));
        }
    }

    /** Every picture, embedded; image grids at twice their size. */
    private static void pictures(Element section, RunContents run) throws IOException {
        for (RunContents.Picture picture : run.pictures()) {
            Element figure = section.appendElement("figure");
            EmbeddedPicture.append(figure, picture.file(), picture.caption());
            figure.appendElement("figcaption")
                    .text(picture.caption() + " (" + picture.file().getFileName() + ")");
        }
    }

    /** The final figures per split, other figures, and metrics.csv per epoch. */
    private static void metrics(Element section, RunContents run) {
        section.appendElement("h3").text("Metrics");
        units(section, run);
        Set<String> keys = new LinkedHashSet<>();
        for (String split : SPLITS) {
            keys.addAll(flatten(run.summary().path(split)).keySet());
        }
        if (!keys.isEmpty()) {
            Element table = section.appendElement("table");
            Element head = table.appendElement("tr");
            head.appendElement("th").text("split");
            keys.forEach(k -> head.appendElement("th").text(k));
            for (String split : SPLITS) {
                Map<String, String> values = flatten(run.summary().path(split));
                if (!values.isEmpty()) {
                    Element row = table.appendElement("tr");
                    row.appendElement("td").text(split);
                    keys.forEach(k -> row.appendElement("td").addClass("num").text(values.getOrDefault(k, "")));
                }
            }
        }
        Map<String, String> figures = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = run.summary().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!NOT_FIGURES.contains(f.getKey())) {
                flatten(f.getValue())
                        .forEach((k, v) -> figures.put(k.isEmpty() ? f.getKey() : f.getKey() + "." + k, v));
            }
        }
        if (!figures.isEmpty()) {
            Element table = section.appendElement("table");
            figures.forEach((k, v) -> row(table, k, v));
        }
        perEpoch(section, run.metricsCsv());
    }

    /** Each term's unit and how the splits reduce, from summary.json. */
    private static void units(Element section, RunContents run) {
        JsonNode units = run.summary().path("units");
        if (units.isTextual()) {
            section.appendElement("p").text(units.asText());
        } else if (units.isObject()) {
            List<String> parts = new ArrayList<>();
            units.fields()
                    .forEachRemaining(
                            e -> parts.add(e.getKey() + ": " + e.getValue().asText()));
            section.appendElement("p")
                    .text("Units: " + String.join("; ", parts) + ". "
                            + run.summary().path("reductions").asText(""));
        }
    }

    /** metrics.csv as a table, folded when long. */
    private static void perEpoch(Element section, List<List<String>> csv) {
        if (csv.size() > 1) {
            Element details = section.appendElement("details");
            if (csv.size() <= 31) {
                details.attr("open", true);
            }
            details.appendElement("summary").text("per epoch (metrics.csv)");
            Element table = details.appendElement("table");
            Element head = table.appendElement("tr");
            csv.get(0).forEach(h -> head.appendElement("th").text(h));
            for (List<String> line : csv.subList(1, csv.size())) {
                Element row = table.appendElement("tr");
                for (String cell : line) {
                    row.appendElement("td").addClass("num").text(cell);
                }
            }
        }
    }

    private static void row(Element table, String key, String value) {
        Element row = table.appendElement("tr");
        row.appendElement("th").text(key);
        row.appendElement("td").text(value);
    }

    /**
     * @return the leaves of a JSON value as dotted keys (an empty key for a scalar); arrays of more
     *     than 8 numbers are summarised by their length
     */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            if (node.size() > 8) {
                out.put(prefix, "[" + node.size() + " values]");
            } else {
                List<String> items = new ArrayList<>();
                node.forEach(n -> items.add(n.isNumber() ? number(n) : n.asText()));
                out.put(prefix, "[" + String.join(", ", items) + "]");
            }
        } else {
            out.put(prefix, node.isNumber() ? number(node) : node.asText());
        }
    }

    private static String number(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.asText();
        }
        return String.format(Locale.ROOT, "%.6g", n.asDouble());
    }
}
