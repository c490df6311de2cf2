package genmodels.course;

import genmodels.io.AtomicFiles;
import genmodels.io.Headline;
import genmodels.report.EmbeddedPicture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * {@code DIR/index.html}: one self-contained page (pictures embedded, no script, nothing fetched),
 * a section per deck in course order, each figure with its caption (deck, slide topic, the point,
 * the figure it was measured with, its time) and the command that regenerates it; the figures the
 * tool cannot make yet are listed with why. Built with jsoup: every string goes in through
 * {@code text()} or {@code attr()}, which escape it.
 */
public final class GalleryPage {

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 90em; color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; margin-top: 2em; }
            h3 { font-size: 1.05em; margin: 0 0 0.3em 0; }
            article { margin: 1em 0 1.5em 0; padding: 0.6em 0.8em; border: 1px solid #ddd; border-radius: 4px; }
            article.missing { background: #fafafa; color: #666; }
            .point { margin: 0.2em 0 0.5em 0; }
            .pictures { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
            .pictures figure { margin: 0; max-width: 48%; flex: 1 1 20em; }
            figcaption, .caption { font-size: 0.85em; color: #555; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; image-rendering: pixelated; }
            pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; font-size: 0.8em; white-space: pre-wrap; }
            table { border-collapse: collapse; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; }
            """;

    private GalleryPage() {}

    /**
     * Writes {@code DIR/index.html} (atomically) for the plan's entries.
     *
     * @param manifest the course
     * @param dir the course folder
     * @param plan the entries run (a deck's, with its dependencies, or all)
     * @param state their outcomes
     */
    public static void write(CourseManifest manifest, Path dir, List<CourseManifest.Entry> plan, CourseState state)
            throws IOException {
        AtomicFiles.writeString(
                dir.resolve("index.html"), build(manifest, dir, plan, state).outerHtml());
    }

    static Document build(CourseManifest manifest, Path dir, List<CourseManifest.Entry> plan, CourseState state)
            throws IOException {
        Document doc = Document.createShell("");
        doc.charset(java.nio.charset.StandardCharsets.UTF_8);
        doc.title("genmodels course gallery (" + state.budget() + " budget)");
        doc.head().appendElement("style").appendText(STYLE);
        Element body = doc.body();
        body.appendElement("h1").text(doc.title());
        about(body, manifest, dir, plan, state);
        for (CourseManifest.Deck deck : manifest.decks()) {
            List<CourseManifest.Entry> shown = deck.entries().stream()
                    .filter(e -> plan.stream().anyMatch(p -> p.id().equals(e.id())))
                    .toList();
            if (shown.isEmpty()) {
                continue;
            }
            Element section = body.appendElement("section").attr("id", deck.deck());
            section.appendElement("h2").text(deck.title() + " (" + deck.deck() + ")");
            for (CourseManifest.Entry e : shown) {
                entry(section.appendElement("article").attr("id", e.id()), deck, e, dir, state);
            }
        }
        return doc;
    }

    /** The budget, how to regenerate, and a table of figures per deck. */
    private static void about(
            Element body, CourseManifest manifest, Path dir, List<CourseManifest.Entry> plan, CourseState state) {
        body.appendElement("p")
                .text(
                        state.budget().equals("small")
                                ? "Small budget: " + manifest.small()
                                : "Full budget: the shipped configs as they are.");
        body.appendElement("p")
                .text("Every figure is an ordinary run directory under runs/; each command below regenerates it,"
                        + " run from this folder (genmodels = java -jar genmodels.jar). The course's own code"
                        + " cells are not reproduced: each figure is made by the tool from real data.");
        Element table = body.appendElement("table");
        Element head = table.appendElement("tr");
        for (String h : List.of("deck", "figures made", "failed", "not made yet", "seconds")) {
            head.appendElement("th").text(h);
        }
        for (CourseManifest.Deck deck : manifest.decks()) {
            List<CourseManifest.Entry> entries = deck.entries().stream()
                    .filter(e -> plan.stream().anyMatch(p -> p.id().equals(e.id())))
                    .toList();
            if (entries.isEmpty()) {
                continue;
            }
            long made = entries.stream().filter(e -> shown(dir, e)).count();
            long failed = entries.stream()
                    .filter(e -> e.runnable() && !state.done(e.id()) && state.outcome(e.id()) != null)
                    .count();
            long missing = entries.stream().filter(e -> e.missing() != null).count();
            double seconds = entries.stream()
                    .map(e -> state.outcome(e.id()))
                    .filter(o -> o != null)
                    .mapToDouble(CourseState.Outcome::seconds)
                    .sum();
            Element row = table.appendElement("tr");
            row.appendElement("td")
                    .appendElement("a")
                    .attr("href", "#" + deck.deck())
                    .text(deck.deck());
            row.appendElement("td").text(Long.toString(made));
            row.appendElement("td").text(Long.toString(failed));
            row.appendElement("td").text(Long.toString(missing));
            row.appendElement("td").text(String.format(Locale.ROOT, "%.0f", seconds));
        }
    }

    private static void entry(
            Element article, CourseManifest.Deck deck, CourseManifest.Entry e, Path dir, CourseState state)
            throws IOException {
        article.appendElement("h3").text(e.slide());
        article.appendElement("p").addClass("point").text(e.point());
        if (e.missing() != null) {
            article.addClass("missing");
            article.appendElement("p").addClass("caption").text("Not made yet: " + e.missing());
            return;
        }
        CourseState.Outcome outcome = state.outcome(e.id());
        Element pictures = article.appendElement("div").addClass("pictures");
        for (String show : e.show()) {
            Path file = picture(dir, e.id(), show);
            if (file != null) {
                Element figure = pictures.appendElement("figure");
                EmbeddedPicture.append(figure, file, e.slide() + ": " + show);
                figure.appendElement("figcaption").text(dir.relativize(file).toString());
            }
        }
        if (pictures.children().isEmpty()) {
            pictures.appendElement("p")
                    .addClass("caption")
                    .text(
                            outcome == null
                                    ? "Not run yet."
                                    : "No picture: the entry " + outcome.state()
                                            + (outcome.note() == null ? "" : " (" + outcome.note() + ")") + ".");
        }
        article.appendElement("p").addClass("caption").text(caption(deck, e, dir, outcome));
        if (outcome != null) {
            article.appendElement("pre").text("genmodels " + outcome.command());
        }
    }

    /** @return " key value, key value." for the figures a run's summary.json holds, or "" */
    private static List<String> quoted(Path runDir, List<String> figures) throws IOException {
        Path file = runDir.resolve("summary.json");
        if (figures.isEmpty() || !Files.isRegularFile(file)) {
            return List.of();
        }
        com.fasterxml.jackson.databind.JsonNode summary =
                genmodels.io.Json.mapper().readTree(file.toFile());
        List<String> parts = new java.util.ArrayList<>();
        for (String key : figures) {
            com.fasterxml.jackson.databind.JsonNode v = summary;
            for (String part : key.split("\\.")) {
                v = v.path(part);
            }
            if (v.isNumber()) {
                parts.add(key + " " + sixDigits(v.asDouble()));
            } else if (v.isArray()) {
                List<String> values = new java.util.ArrayList<>();
                for (int i = 0; i < Math.min(5, v.size()); i++) {
                    values.add(sixDigits(v.get(i).asDouble()));
                }
                parts.add(key + " [" + String.join(", ", values) + (v.size() > 5 ? ", ..." : "") + "]");
            }
        }
        return parts;
    }

    /** @return the value to six significant digits, without trailing zeros */
    static String sixDigits(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new java.math.BigDecimal(value)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** @return whether every picture the entry shows exists (false for a missing figure) */
    private static boolean shown(Path dir, CourseManifest.Entry e) {
        try {
            for (String show : e.show()) {
                if (picture(dir, e.id(), show) == null) {
                    return false;
                }
            }
            return !e.show().isEmpty();
        } catch (IOException ex) {
            return false;
        }
    }

    /** @return deck, slide, the measured figure, the time at this budget and the full budget's */
    private static String caption(CourseManifest.Deck deck, CourseManifest.Entry e, Path dir, CourseState.Outcome o)
            throws IOException {
        StringBuilder s = new StringBuilder("Deck " + deck.deck() + ", slide \"" + e.slide() + "\".");
        String source = e.runnable()
                ? e.id()
                : e.show().get(0).substring(1, e.show().get(0).indexOf('/'));
        Headline h = Headline.of(CourseRun.runDir(dir, source));
        List<String> measured = new java.util.ArrayList<>();
        // the headline's test figure where it has one; a figure the entry quotes anyway is not named twice
        if (h != null && !e.figures().contains(h.name()) && !e.figures().contains("test." + h.name())) {
            measured.add(h.name() + " " + sixDigits(h.test() != null ? h.test() : h.value()));
        }
        measured.addAll(quoted(CourseRun.runDir(dir, source), e.figures()));
        if (!measured.isEmpty()) {
            s.append(" Measured")
                    .append(e.runnable() ? "" : " (" + source + ")")
                    .append(": ")
                    .append(String.join(", ", measured))
                    .append('.');
        }
        if (o != null) {
            s.append(String.format(Locale.ROOT, " %s in %.1f s at this budget.", o.state(), o.seconds()));
        }
        if (e.full() != null) {
            s.append(" Full budget: ").append(e.full()).append('.');
        }
        return s.toString();
    }

    /**
     * @return the picture a {@code show} item names, or null when it does not exist: a file in the
     *     entry's folder, {@code @ID/FILE} in another entry's, {@code FOLDER/last} for the newest
     *     picture of a folder (epoch-numbered names sort in time order)
     */
    static Path picture(Path dir, String id, String show) throws IOException {
        String owner = id;
        String path = show;
        if (show.startsWith("@")) {
            owner = show.substring(1, show.indexOf('/'));
            path = show.substring(show.indexOf('/') + 1);
        }
        Path root = CourseRun.runDir(dir, owner);
        if (path.endsWith("/last")) {
            Path folder = root.resolve(path.substring(0, path.length() - "/last".length()));
            if (!Files.isDirectory(folder)) {
                return null;
            }
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(f -> f.toString().endsWith(".png"))
                        .sorted()
                        .reduce((a, b) -> b)
                        .orElse(null);
            }
        }
        Path file = root.resolve(path);
        return Files.isRegularFile(file) ? file : null;
    }
}
