package genmodels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.TestData;
import genmodels.course.CourseManifest;
import genmodels.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genmodels course} end to end on the committed MNIST slice, and every entry's command line. */
class CourseCommandTest {

    @TempDir
    Path dir;

    @Test
    void theFirstLecturesFiguresRunResumeAndMakeOnePage() throws Exception {
        Path out = dir.resolve("course");
        String deck = "002_b9bda57839635480";
        String[] args = {
            "course",
            "--only",
            deck,
            "--out",
            out.toString(),
            "--threads",
            "1",
            "--set",
            "data.dir=" + TestData.mnistSlice()
        };
        MainTest.Result first = MainTest.run(args);
        assertEquals(0, first.code(), first.out() + first.err());
        JsonNode state = Json.mapper().readTree(out.resolve("course.json").toFile());
        long runnable = CourseManifest.load().decks().get(0).entries().stream()
                .filter(CourseManifest.Entry::runnable)
                .count();
        assertEquals(runnable, state.path("entries").size());
        state.path("entries").forEach(e -> assertEquals("done", e.path("state").asText(), e.toString()));
        assertTrue(Files.isRegularFile(out.resolve("runs/bumps-k3/density.png")));
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("id=\"" + deck + "\""), "the deck's section");
        boolean missing =
                CourseManifest.load().decks().get(0).entries().stream().anyMatch(e -> e.missing() != null);
        assertEquals(missing, page.contains("Not made yet: "), "the figures not made yet are listed, if any");
        assertTrue(page.contains("genmodels fit-gmm --config configs/gmm-three-bumps.yaml"), "the commands");
        assertTrue(Files.isRegularFile(out.resolve("configs/gmm-three-bumps.yaml")), "so they run from DIR");

        MainTest.Result again = MainTest.run(args);
        assertEquals(0, again.code(), again.err());
        assertEquals(
                runnable,
                again.out()
                        .lines()
                        .filter(l -> l.endsWith(": done before, kept"))
                        .count(),
                again.out());
    }

    @Test
    void whichOptionsACommandTakesComesFromItsDeclaration() {
        org.junit.jupiter.api.Assertions.assertTrue(Main.takes("train-vae", "--set"));
        org.junit.jupiter.api.Assertions.assertTrue(Main.takes("fit-gmm", "--threads"));
        org.junit.jupiter.api.Assertions.assertTrue(Main.takes("probe", "--threads"));
        org.junit.jupiter.api.Assertions.assertFalse(Main.takes("sample", "--set"));
        org.junit.jupiter.api.Assertions.assertFalse(Main.takes("kl", "--threads"));
        org.junit.jupiter.api.Assertions.assertFalse(Main.takes("sliced", "--threads"));
        org.junit.jupiter.api.Assertions.assertFalse(Main.takes("no-such-command", "--set"));
    }

    @Test
    void listNamesEveryFigureAndBadOptionsSayWhatToDo() {
        MainTest.Result list = MainTest.run("course", "--list");
        assertEquals(0, list.code());
        assertTrue(list.out().contains("004_9136a8d0e752aa1d: "), list.out());
        assertTrue(list.out().contains("kl-examples"), list.out());
        MainTest.Result budget = MainTest.run("course", "--budget", "medium", "--out", dir.toString());
        assertEquals(2, budget.code());
        assertEquals(
                "error: Invalid value for option '--budget': expected one of [small, full] (case-sensitive) but was"
                        + " 'medium'; see 'genmodels course --help'",
                budget.err().strip());
        MainTest.Result noOut = MainTest.run("course");
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().contains("give --out DIR"), noOut.err());
        MainTest.Result deck = MainTest.run(
                "course", "--only", "005", "--out", dir.resolve("x").toString());
        assertEquals(2, deck.code());
        assertTrue(deck.err().contains("--only 005: no such deck"), deck.err());
        assertTrue(!Files.exists(dir.resolve("x")), "nothing written for a bad --only");
    }

    /**
     * The whole course at the smallest size that still trains (the committed slice, one epoch of at
     * most 300 images, five diffusion sampling steps): every picture the manifest names exists, and
     * every figure a caption quotes is one its run wrote (a placeholder the run lacks throws).
     */
    @Test
    void everyPictureExistsAndEveryCaptionQuotesItsOwnRun() throws Exception {
        Path out = dir.resolve("tiny");
        CourseManifest manifest = CourseManifest.load();
        genmodels.course.CourseRun run = new genmodels.course.CourseRun(
                manifest,
                out,
                true,
                List.of("data.dir=" + TestData.mnistSlice()),
                List.of("--threads", "1"),
                a -> MainTest.run(tiny(a)).code(),
                Main::takes,
                new java.io.PrintWriter(new java.io.StringWriter()));
        List<CourseManifest.Entry> plan = run.plan(null);
        assertEquals(0, run.run(plan, genmodels.course.CourseState.open(out, "small")), "every entry ran");
        List<String> problems = new ArrayList<>();
        for (CourseManifest.Entry e : plan) {
            for (String show : e.show()) {
                if (genmodels.course.GalleryPage.picture(out, e.id(), show) == null) {
                    problems.add(e.id() + " shows " + show + ", which its run did not write");
                }
            }
            if (e.missing() == null) {
                try {
                    String text = genmodels.course.GalleryPage.caption(e, out);
                    assertTrue(!text.contains("{"), text);
                } catch (Exception missing) {
                    problems.add(e.id() + ": " + missing.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** @return a course command line cut to the smallest run that still trains */
    private static String[] tiny(String[] line) {
        List<String> args = new ArrayList<>(List.of(line));
        if (line[0].startsWith("train-")) {
            args.addAll(List.of("--set", "train.epochs=1", "--set", "data.train_limit=300"));
        }
        if (line[0].equals("train-diffusion")) {
            args.addAll(List.of("--set", "model.sample_steps=5"));
        }
        return args.toArray(String[]::new);
    }

    /**
     * Every entry that takes a config, at both budgets, validates with --dry-run on the slice: the
     * manifest names no key, value or config that the commands refuse.
     */
    @Test
    void everyConfiguredEntryValidatesAtBothBudgets() throws Exception {
        List<String> failures = new ArrayList<>();
        for (boolean small : new boolean[] {true, false}) {
            List<List<String>> lines = new ArrayList<>();
            genmodels.course.CourseRun run = new genmodels.course.CourseRun(
                    CourseManifest.load(),
                    dir.resolve(small ? "small" : "full"),
                    small,
                    List.of("data.dir=" + TestData.mnistSlice()),
                    List.of("--threads", "1", "--dry-run"),
                    a -> {
                        lines.add(List.of(a));
                        return 0;
                    },
                    Main::takes,
                    new java.io.PrintWriter(new java.io.StringWriter()));
            run.run(run.plan(null), genmodels.course.CourseState.open(dir.resolve(small ? "s" : "f"), "x"));
            for (List<String> line : lines) {
                if (List.of("sample", "probe", "retrieve").contains(line.get(0))) {
                    continue; // reads a trained run: checked by the end-to-end test's kind of run
                }
                MainTest.Result r = MainTest.run(line.toArray(String[]::new));
                if (r.code() != 0) {
                    failures.add(String.join(" ", line) + " -> " + r.err().strip());
                }
            }
        }
        assertEquals(List.of(), failures);
    }
}
