package genmodels.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped manifest and the checks that keep it a dependency order. */
class CourseManifestTest {

    private static CourseManifest.Entry entry(String id, List<String> args, List<String> show, String missing) {
        return new CourseManifest.Entry(id, "slide " + id, "point", args, null, show, null, missing);
    }

    private static CourseManifest one(CourseManifest.Entry... entries) {
        return new CourseManifest(List.of(new CourseManifest.Deck("d", "t", List.of(entries))), "small");
    }

    @Test
    void theShippedManifestHasTheFiveDecksInCourseOrder() {
        CourseManifest m = CourseManifest.load();
        assertEquals(
                List.of(
                        "002_b9bda57839635480",
                        "000_0aa0a3f6f43e8951",
                        "001_ae8e49480a208e65",
                        "003_565fbeb87ac74f2a",
                        "004_9136a8d0e752aa1d"),
                m.decks().stream().map(CourseManifest.Deck::deck).toList());
        for (CourseManifest.Deck d : m.decks()) {
            assertTrue(d.entries().size() >= 5, d.deck() + " lists its figures slide by slide");
            assertTrue(d.entries().stream().anyMatch(CourseManifest.Entry::runnable), d.deck());
        }
        for (CourseManifest.Entry e : m.entries()) {
            assertTrue(e.point() != null && e.point().length() > 20, e.id() + " says its point");
            assertTrue(e.missing() != null || e.full() != null || !e.runnable(), e.id() + " states its full budget");
        }
    }

    @Test
    void dependenciesComeFromRunReferencesAndShownPictures() {
        CourseManifest.Entry e = entry(
                "b",
                List.of("sample", "--checkpoint", "{run:a}", "--output", "{out}/s.png"),
                List.of("s.png", "@c/latent/last"),
                null);
        assertEquals(Set.of("a", "c"), e.dependencies());
    }

    @Test
    void aReferenceToALaterOrMissingEntryIsADefect() {
        CourseManifest.Entry a = entry("a", List.of("pca", "--out", "{out}"), List.of("x.png"), null);
        CourseManifest.Entry b = entry("b", List.of("sample", "--checkpoint", "{run:a}"), List.of("s.png"), null);
        one(a, b).check(); // in order: fine
        IllegalStateException later =
                assertThrows(IllegalStateException.class, () -> one(b, a).check());
        assertTrue(later.getMessage().contains("entry b: depends on a"), later.getMessage());
        CourseManifest.Entry gap = entry("g", List.of(), List.of(), "not yet");
        CourseManifest.Entry view = entry("v", List.of(), List.of("@g/x.png"), null);
        assertThrows(IllegalStateException.class, () -> one(gap, view).check(), "a missing figure has no runs");
    }

    @Test
    void anEntryIsRunnableMissingOrAViewOfOthers() {
        CourseManifest.Entry a = entry("a", List.of("pca", "--out", "{out}"), List.of("x.png"), null);
        IllegalStateException both = assertThrows(
                IllegalStateException.class,
                () -> one(entry("m", List.of("pca"), List.of(), "why")).check());
        assertTrue(both.getMessage().contains("entry m"), both.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> one(entry("n", List.of("pca"), List.of(), null)).check());
        assertThrows(
                IllegalStateException.class,
                () -> one(a, entry("v", List.of(), List.of("x.png"), null)).check(),
                "a view shows only other entries' pictures");
        assertThrows(IllegalStateException.class, () -> one(a, a).check(), "ids are unique");
    }
}
