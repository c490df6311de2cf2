package genmodels.course;

import genmodels.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * {@code DIR/index.html}: one page, a section per lecture in course order (its title, its deck's
 * file name in small print, an index of its slides), each figure with the point it makes (its
 * figures filled in from the runs, {@link CaptionText}), its pictures at their natural size (image
 * grids at twice theirs) linked from {@code runs/}, one line on what it cost, and the command that
 * regenerates it; the figures the tool cannot make yet are listed with why. The pictures stay in
 * {@code runs/}, so the page itself is small. Built with jsoup: every string goes in through
 * {@code text()} or {@code attr()}, which escape it.
 */
public final class GalleryPage {

    /** The variable the page's commands name the data folder by. */
    static final String DATA_VARIABLE = "$DATA";

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 110em; padding: 0 1em; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; margin-top: 2em; }
            h2 small, li small { font-weight: normal; color: #777; font-size: 0.7em; }
            h3 { font-size: 1.05em; margin: 0 0 0.3em 0; } h3 a.anchor { color: #aaa; text-decoration: none; }
            article { margin: 1em 0 1.5em 0; padding: 0.6em 0.8em; border: 1px solid #ddd; border-radius: 4px; }
            article:target { border-color: #2171b5; box-shadow: 0 0 0 2px #c6dbef; }
            article.missing { background: #fafafa; color: #666; }
            nav.slides ol { columns: 2; font-size: 0.9em; }
            .point { margin: 0.2em 0 0.5em 0; max-width: 60em; }
            .pictures { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
            .pictures figure { margin: 0; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; }
            img.grid { image-rendering: pixelated; }
            figcaption, .caption { font-size: 0.85em; color: #555; }
            .absent { color: #a33; }
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
            List<CourseManifest.Entry> shown = inPlan(deck, plan);
            if (shown.isEmpty()) {
                continue;
            }
            Element section = body.appendElement("section").attr("id", deck.deck());
            Element h2 = section.appendElement("h2").text(deck.title() + " ");
            h2.appendElement("small").text(deck.deck() + ".txt");
            Element index = section.appendElement("nav").addClass("slides").appendElement("ol");
            for (CourseManifest.Entry e : shown) {
                index.appendElement("li")
                        .appendElement("a")
                        .attr("href", "#" + e.id())
                        .text(e.slide());
            }
            for (CourseManifest.Entry e : shown) {
                entry(section.appendElement("article").attr("id", e.id()), e, dir, state);
            }
        }
        return doc;
    }

    private static List<CourseManifest.Entry> inPlan(CourseManifest.Deck deck, List<CourseManifest.Entry> plan) {
        return deck.entries().stream()
                .filter(e -> plan.stream().anyMatch(p -> p.id().equals(e.id())))
                .toList();
    }

    /** The budget, how to regenerate, and a table of the lectures with their figures made. */
    private static void about(
            Element body, CourseManifest manifest, Path dir, List<CourseManifest.Entry> plan, CourseState state) {
        body.appendElement("p")
                .text(
                        state.budget().equals("small")
                                ? "Small budget: " + manifest.small()
                                : "Full budget: the shipped configs as they are.");
        body.appendElement("p")
                .text("Every figure is an ordinary run directory under runs/ (click a picture for the file);"
                        + " the command under it regenerates it, run from this folder, with genmodels standing for"
                        + " java -jar genmodels.jar and " + DATA_VARIABLE + " for the MNIST folder (the one given"
                        + " to genmodels course as --set data.dir=...), e.g. DATA=../data/mnist. Every number in"
                        + " the text is read from the run that drew the picture beside it. The course's own code"
                        + " cells are not reproduced: each figure is made by the tool from real data.");
        Element table = body.appendElement("table");
        Element head = table.appendElement("tr");
        for (String h : List.of("lecture", "figures made", "failed", "not made yet", "seconds")) {
            head.appendElement("th").text(h);
        }
        for (CourseManifest.Deck deck : manifest.decks()) {
            List<CourseManifest.Entry> entries = inPlan(deck, plan);
            if (entries.isEmpty()) {
                continue;
            }
            Element row = table.appendElement("tr");
            Element name = row.appendElement("td");
            name.appendElement("a").attr("href", "#" + deck.deck()).text(deck.title());
            name.appendText(" ").appendElement("small").text(deck.deck() + ".txt");
            row.appendElement("td")
                    .text(Long.toString(
                            entries.stream().filter(e -> shown(dir, e)).count()));
            row.appendElement("td")
                    .text(Long.toString(entries.stream()
                            .filter(e -> e.runnable() && !state.done(e.id()) && state.outcome(e.id()) != null)
                            .count()));
            row.appendElement("td")
                    .text(Long.toString(
                            entries.stream().filter(e -> e.missing() != null).count()));
            row.appendElement("td")
                    .text(String.format(
                            Locale.ROOT,
                            "%.0f",
                            entries.stream()
                                    .map(e -> state.outcome(e.id()))
                                    .filter(o -> o != null)
                                    .mapToDouble(CourseState.Outcome::seconds)
                                    .sum()));
        }
    }

    private static void entry(Element article, CourseManifest.Entry e, Path dir, CourseState state) throws IOException {
        Element h3 = article.appendElement("h3").text(e.slide() + " ");
        h3.appendElement("a").addClass("anchor").attr("href", "#" + e.id()).text("#");
        if (e.missing() != null) {
            article.appendElement("p").addClass("point").text(e.point());
            article.addClass("missing");
            article.appendElement("p").addClass("caption").text("Not made yet: " + e.missing());
            return;
        }
        String point;
        try {
            point = caption(e, dir);
        } catch (CaptionText.Missing missing) {
            point = CaptionText.PLACEHOLDER.matcher(e.point()).replaceAll("(not measured)");
            article.appendElement("p")
                    .addClass("absent")
                    .text("A figure of this text is missing: " + missing.getMessage());
        }
        article.appendElement("p").addClass("point").text(point);
        CourseState.Outcome outcome = state.outcome(e.id());
        Element pictures = article.appendElement("div").addClass("pictures");
        for (String show : e.show()) {
            Path file = picture(dir, e.id(), show);
            if (file != null) {
                figure(pictures.appendElement("figure"), dir, file, e.slide() + ": " + show);
            } else {
                pictures.appendElement("p")
                        .addClass("absent")
                        .text(show + ": not written"
                                + (outcome == null
                                        ? " (not run yet)"
                                        : " (the entry " + outcome.state()
                                                + (outcome.note() == null ? "" : ", " + outcome.note()) + ")"));
            }
        }
        article.appendElement("p").addClass("caption").text(cost(e, outcome, state.budget()));
        if (outcome != null) {
            article.appendElement("pre").text("genmodels " + withDataVariable(outcome.command()));
        }
    }

    /**
     * @return the entry's point with its figures filled in from the runs
     * @throws CaptionText.Missing when a run lacks a figure the point quotes
     */
    public static String caption(CourseManifest.Entry e, Path dir) throws CaptionText.Missing {
        return CaptionText.render(e.point(), dir, e.source());
    }

    /** A picture at its natural size (an image grid at twice its size), linking to the file. */
    private static void figure(Element figure, Path dir, Path file, String alt) throws IOException {
        String href = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        int[] size = genmodels.report.EmbeddedPicture.size(file);
        Element img = figure.appendElement("a")
                .attr("href", href)
                .appendElement("img")
                .attr("src", href)
                .attr("alt", alt);
        if (size != null) {
            int scale = genmodels.report.EmbeddedPicture.displayScale(size[0]);
            img.attr("width", Integer.toString(scale * size[0])).attr("height", Integer.toString(scale * size[1]));
            if (scale == 2) {
                img.addClass("grid");
            }
        }
        figure.appendElement("figcaption").text(href);
    }

    /**
     * @return the line under the pictures: what the entry cost here, and the full budget's time
     *     only where the small budget changed its command (otherwise both ran the same thing)
     */
    static String cost(CourseManifest.Entry e, CourseState.Outcome o, String budget) {
        if (!e.runnable()) {
            return "Pictures of the runs " + String.join(", ", e.dependencies()) + ", shown again for this slide.";
        }
        if (o == null) {
            return "Not run yet.";
        }
        StringBuilder s =
                new StringBuilder(String.format(Locale.ROOT, "%s in %.1f s here", cap(o.state()), o.seconds()));
        if (budget.equals("small") && !e.small().isEmpty()) {
            s.append(" at the small budget (")
                    .append(String.join(" ", e.small()))
                    .append(")");
            if (e.full() != null) {
                s.append("; the full budget: ").append(e.full());
            }
        }
        return s.append('.').toString();
    }

    private static String cap(String state) {
        return Character.toUpperCase(state.charAt(0)) + state.substring(1);
    }

    /** @return the command with the data folder given by --set data.dir=... written as $DATA */
    static String withDataVariable(String command) {
        return command.replaceAll(
                "'data\\.dir=[^']*'|data\\.dir=\\S+",
                "data.dir=" + java.util.regex.Matcher.quoteReplacement(DATA_VARIABLE));
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

    /**
     * @return the picture a {@code show} item names, or null when it does not exist: a file in the
     *     entry's folder, {@code @ID/FILE} in another entry's, {@code FOLDER/last} for the newest
     *     picture of a folder (epoch-numbered names sort in time order)
     */
    public static Path picture(Path dir, String id, String show) throws IOException {
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
