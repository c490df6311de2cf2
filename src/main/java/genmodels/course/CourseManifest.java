package genmodels.course;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The course gallery's manifest, shipped in {@code configs/course/}: {@code course.yaml} names the
 * decks in course order, and one file per deck lists its figures slide by slide. Read from the
 * jar, so that {@code genmodels course} needs nothing beside it.
 *
 * @param decks the decks, in course order
 * @param small what the small budget reduces, in one sentence (stated on the page)
 */
public record CourseManifest(List<Deck> decks, String small) {

    /** Classpath folder of the manifest (the repository's {@code configs/course/}). */
    static final String FOLDER = "/genmodels/configs/course/";

    /** {@code {run:ID}} in an argument: the run directory of entry ID, which this entry depends on. */
    static final Pattern RUN_REFERENCE = Pattern.compile("\\{run:([a-z0-9-]+)}");

    /**
     * One lecture deck.
     *
     * @param deck the deck's file name (without .txt), e.g. 002_b9bda57839635480
     * @param title what the lecture covers, in our words
     * @param entries its figures, in slide order
     */
    public record Deck(String deck, String title, List<Entry> entries) {}

    /**
     * One figure of a deck.
     *
     * @param id unique over the course; the run directory's name under DIR/runs
     * @param slide the slide's topic
     * @param point what the slide shows, in one or two sentences of our own; every figure it quotes
     *     is a placeholder filled from the run ({@link CaptionText}), never typed in
     * @param args the genmodels command line that makes it ({@code {out}}: this entry's folder;
     *     {@code {run:ID}}: another entry's; {@code {config:NAME}}: a shipped config), or empty
     * @param small arguments added at the small budget (reduced images and epochs)
     * @param show the pictures to show, side by side: a file in this entry's folder, {@code @ID/FILE}
     *     in another's, {@code FOLDER/last} for a folder's newest picture
     * @param full the full budget's time, measured or estimated
     * @param missing why the tool cannot make this figure yet (then {@code args} and {@code show} are
     *     empty); an entry with neither args nor missing shows other entries' pictures ({@code @ID/FILE})
     */
    public record Entry(
            String id,
            String slide,
            String point,
            List<String> args,
            List<String> small,
            List<String> show,
            String full,
            String missing) {

        public Entry {
            args = args == null ? List.of() : List.copyOf(args);
            small = small == null ? List.of() : List.copyOf(small);
            show = show == null ? List.of() : List.copyOf(show);
        }

        /** @return the entry whose run the caption quotes: this one, or the first one it shows */
        public String source() {
            return runnable() || show.isEmpty() || !show.get(0).startsWith("@")
                    ? id
                    : show.get(0).substring(1, show.get(0).indexOf('/'));
        }

        /** @return whether the tool makes this figure (an entry with a command) */
        public boolean runnable() {
            return !args.isEmpty();
        }

        /** @return the entries this one reads the runs of ({@code {run:ID}} and {@code @ID/} references) */
        public Set<String> dependencies() {
            Set<String> ids = new LinkedHashSet<>();
            for (String a : args) {
                Matcher m = RUN_REFERENCE.matcher(a);
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
            for (String s : show) {
                if (s.startsWith("@")) {
                    ids.add(s.substring(1, s.indexOf('/')));
                }
            }
            if (point != null) {
                ids.addAll(CaptionText.runs(point, source()));
            }
            ids.remove(id);
            return ids;
        }
    }

    private record Index(List<String> decks, String small) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** @return the shipped manifest, checked ({@link #check}) */
    public static CourseManifest load() {
        Index index = read("course.yaml", Index.class);
        List<Deck> decks = new ArrayList<>();
        for (String name : index.decks()) {
            decks.add(read(name + ".yaml", Deck.class));
        }
        CourseManifest manifest = new CourseManifest(List.copyOf(decks), index.small());
        manifest.check();
        return manifest;
    }

    private static <T> T read(String name, Class<T> type) {
        try (InputStream in = CourseManifest.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("course manifest missing from the jar: " + name);
            }
            return YAML.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("course manifest " + name + " unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Checks what the loader cannot: unique ids, references to entries that exist and come earlier
     * in course order (so the order is a dependency order), and an entry either runnable or missing.
     *
     * @throws IllegalStateException naming the entry (a defect of the shipped manifest, not a user error)
     */
    void check() {
        Map<String, Entry> seen = new HashMap<>();
        for (Deck deck : decks) {
            for (Entry e : deck.entries()) {
                String where = deck.deck() + " entry " + e.id();
                if (seen.put(e.id(), e) != null) {
                    throw new IllegalStateException(where + ": the id is used twice");
                }
                if (e.missing() != null && (e.runnable() || !e.show().isEmpty())) {
                    throw new IllegalStateException(where + ": a missing figure has no args and shows nothing");
                }
                if (e.missing() == null && e.show().isEmpty()) {
                    throw new IllegalStateException(where + ": give the pictures to show, or missing");
                }
                if (!e.runnable() && e.missing() == null && !e.show().stream().allMatch(x -> x.startsWith("@"))) {
                    throw new IllegalStateException(where + ": without args it shows only other entries' pictures");
                }
                String typed = typedFigure(e);
                if (typed != null) {
                    throw new IllegalStateException(where + ": the point types the figure " + typed
                            + "; quote it from the run with a placeholder (CaptionText)");
                }
                for (String d : e.dependencies()) {
                    Entry dependency = seen.get(d);
                    if (dependency == null || !dependency.runnable()) {
                        throw new IllegalStateException(
                                where + ": depends on " + d + ", which is not a runnable entry before it");
                    }
                }
            }
        }
    }

    /** A measured-looking number: a decimal or a percentage (counts and settings are whole numbers). */
    private static final Pattern FIGURE = Pattern.compile("\\d+\\.\\d+|\\d+%");

    /**
     * @return the first decimal or percentage typed in the point outside its placeholders that is
     *     not a setting of its own command line (a bandwidth, a covariance), or null
     */
    static String typedFigure(Entry e) {
        String text = CaptionText.PLACEHOLDER
                .matcher(e.point() == null ? "" : e.point())
                .replaceAll("");
        String args = String.join(" ", e.args());
        Matcher m = FIGURE.matcher(text);
        while (m.find()) {
            if (!args.contains(m.group())) {
                return m.group();
            }
        }
        return null;
    }

    /** @return every entry, in course order */
    public List<Entry> entries() {
        return decks.stream().flatMap(d -> d.entries().stream()).toList();
    }

    /** @return the deck holding entry {@code id} */
    public Deck deckOf(String id) {
        return decks.stream()
                .filter(d -> d.entries().stream().anyMatch(e -> e.id().equals(id)))
                .findFirst()
                .orElseThrow();
    }
}
