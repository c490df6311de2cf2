package genmodels.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.errors.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against a stand-in for genmodels: order, budget, overrides, resume and failures. */
class CourseRunTest {

    @TempDir
    Path dir;

    private final List<List<String>> calls = new ArrayList<>();
    private final StringWriter log = new StringWriter();

    private static CourseManifest.Entry entry(String id, List<String> args, List<String> small) {
        return new CourseManifest.Entry(id, "slide", "the point of " + id, args, small, List.of("x.png"), null, null);
    }

    private final CourseManifest manifest = new CourseManifest(
            List.of(
                    new CourseManifest.Deck(
                            "first",
                            "one",
                            List.of(
                                    entry(
                                            "fit",
                                            List.of(
                                                    "fit-gmm",
                                                    "--config",
                                                    "{config:gmm-three-bumps.yaml}",
                                                    "--out",
                                                    "{out}"),
                                            List.of("--set", "data.train_limit=10")),
                                    entry("net", List.of("train-ae", "--out", "{out}"), List.of()))),
                    new CourseManifest.Deck(
                            "second",
                            "two",
                            List.of(entry(
                                    "draw",
                                    List.of("sample", "--checkpoint", "{run:net}", "--output", "{out}/s.png"),
                                    List.of("--set", "never=1"))))),
            "small");

    /**
     * Which options the commands here take, as their declarations say: fit-gmm and train-ae take
     * --set and --threads, sample only --threads, kl neither.
     */
    private static boolean takes(String command, String option) {
        return option.equals("--set") ? !command.equals("sample") && !command.equals("kl") : !command.equals("kl");
    }

    /** A genmodels that records its command lines and fails the commands named in {@code failing}. */
    private CourseRun runner(boolean small, List<String> failing) {
        return new CourseRun(
                manifest,
                dir,
                small,
                List.of("data.dir=/d"),
                List.of("--threads", "1"),
                args -> {
                    calls.add(List.of(args));
                    return failing.contains(args[0]) ? 1 : 0;
                },
                CourseRunTest::takes,
                new PrintWriter(log, true));
    }

    @Test
    void entriesRunInOrderWithTheBudgetAndTheUsersOverridesLast() throws Exception {
        CourseRun run = runner(true, List.of());
        assertEquals(0, run.run(run.plan(null), CourseState.open(dir, "small")));
        assertEquals(3, calls.size());
        List<String> fit = calls.get(0);
        assertEquals(
                List.of(
                        "fit-gmm",
                        "--config",
                        dir.resolve("configs/gmm-three-bumps.yaml").toString(),
                        "--out",
                        dir.resolve("runs/fit").toString(),
                        "--set",
                        "data.train_limit=10",
                        "--set",
                        "data.dir=/d",
                        "--threads",
                        "1"),
                fit);
        assertTrue(
                Files.readString(dir.resolve("configs/gmm-three-bumps.yaml")).contains("components"),
                "the shipped config copied beside the runs");
        assertEquals(
                List.of(
                        "sample",
                        "--checkpoint",
                        dir.resolve("runs/net").toString(),
                        "--output",
                        dir.resolve("runs/draw") + "/s.png",
                        "--threads",
                        "1"),
                calls.get(2),
                "no --set for a command that takes none");
        assertTrue(Files.isDirectory(dir.resolve("runs/draw")), "a file-writing command gets its folder");
    }

    @Test
    void aCommandWithoutAnEngineGetsNeitherOverridesNorEngineOptions() throws Exception {
        CourseManifest kl = new CourseManifest(
                List.of(new CourseManifest.Deck(
                        "first",
                        "one",
                        List.of(entry(
                                "kl", List.of("kl", "--p", "1/2,1/2", "--out", "{out}"), List.of("--set", "x=1"))))),
                "small");
        CourseRun run = new CourseRun(
                kl,
                dir,
                true,
                List.of("data.dir=/d"),
                List.of("--threads", "1"),
                args -> {
                    calls.add(List.of(args));
                    return 0;
                },
                CourseRunTest::takes,
                new PrintWriter(log, true));
        run.run(run.plan(null), CourseState.open(dir, "small"));
        assertEquals(
                List.of(List.of(
                        "kl", "--p", "1/2,1/2", "--out", dir.resolve("runs/kl").toString())),
                calls);
    }

    @Test
    void theFullBudgetAddsNoReductions() throws Exception {
        CourseRun run = runner(false, List.of());
        run.run(run.plan("first"), CourseState.open(dir, "full"));
        assertTrue(!calls.get(0).contains("data.train_limit=10"), calls.get(0).toString());
    }

    @Test
    void aDeckBringsTheRunsItReadsAndAFinishedEntryIsNotRedone() throws Exception {
        CourseRun run = runner(true, List.of());
        assertEquals(
                List.of("net", "draw"),
                run.plan("second").stream().map(CourseManifest.Entry::id).toList());
        run.run(run.plan("second"), CourseState.open(dir, "small"));
        assertEquals(2, calls.size());
        calls.clear();
        run.run(run.plan(null), CourseState.open(dir, "small"));
        assertEquals(1, calls.size(), "only the entry not run before: " + calls);
        assertEquals("fit-gmm", calls.get(0).get(0));
        assertTrue(log.toString().contains("draw: done before, kept"), log.toString());
        UserError none = assertThrows(UserError.class, () -> run.plan("third"));
        assertTrue(none.getMessage().contains("no such deck; the decks are first, second"), none.getMessage());
    }

    @Test
    void aFailedEntrySkipsWhatDependsOnItAndIsRetriedNextTime() throws Exception {
        CourseRun failing = runner(true, List.of("train-ae"));
        assertEquals(2, failing.run(failing.plan(null), CourseState.open(dir, "small")));
        assertEquals(
                List.of("fit-gmm", "train-ae"),
                calls.stream().map(c -> c.get(0)).toList());
        assertTrue(log.toString().contains("draw: skipped, it depends on net, which failed"), log.toString());
        calls.clear();
        CourseRun fixed = runner(true, List.of());
        assertEquals(0, fixed.run(fixed.plan(null), CourseState.open(dir, "small")));
        assertEquals(
                List.of("train-ae", "sample"), calls.stream().map(c -> c.get(0)).toList());
    }

    @Test
    void aStoppedTrainingRunResumesFromItsCheckpoint() throws Exception {
        Path checkpoint = dir.resolve("runs/net/checkpoints/epoch-0002");
        Files.createDirectories(checkpoint);
        Files.writeString(checkpoint.resolve("state.json"), "{}"); // what marks a checkpoint complete
        CourseRun run = runner(true, List.of());
        run.run(run.plan("first"), CourseState.open(dir, "small"));
        assertEquals(
                List.of("train-ae", "--resume", dir.resolve("runs/net").toString(), "--threads", "1"), calls.get(1));
        assertTrue(Files.exists(checkpoint), "the checkpoint is kept for the resume");
    }

    @Test
    void aGroupedCommandGetsItsOverridesAndResumesByItsTwoWords() throws Exception {
        CourseManifest.Entry grouped = entry("grouped", List.of("train", "ae", "--out", "{out}"), List.of());
        assertEquals(List.of("train", "ae"), CourseRun.commandWords(grouped));
        CourseRun run = new CourseRun(
                new CourseManifest(List.of(new CourseManifest.Deck("only", "one", List.of(grouped))), "small"),
                dir,
                true,
                List.of("data.dir=/d"),
                List.of("--threads", "1"),
                args -> {
                    calls.add(List.of(args));
                    return 0;
                },
                (command, option) -> command.equals("train ae"),
                new PrintWriter(log, true));
        Path checkpoint = dir.resolve("runs/grouped/checkpoints/epoch-0001");
        Files.createDirectories(checkpoint);
        Files.writeString(checkpoint.resolve("state.json"), "{}");
        run.run(run.plan(null), CourseState.open(dir, "small"));
        assertEquals(
                List.of("train", "ae", "--resume", dir.resolve("runs/grouped").toString(), "--threads", "1"),
                calls.get(0));
        List<String> fresh = run.arguments(grouped, dir, List.of("--threads", "1"));
        assertTrue(fresh.containsAll(List.of("--set", "data.dir=/d", "--threads")), fresh.toString());
    }

    @Test
    void aFolderMadeWithTheOtherBudgetIsRefused() throws Exception {
        CourseRun run = runner(true, List.of());
        run.run(run.plan("first"), CourseState.open(dir, "small"));
        UserError e = assertThrows(UserError.class, () -> CourseState.open(dir, "full"));
        assertTrue(e.getMessage().contains("holds a course made with --budget small"), e.getMessage());
    }

    @Test
    void shownCommandsAreRelativeAndQuoted() throws Exception {
        CourseRun run = runner(true, List.of());
        CourseManifest.Entry e = entry(
                "q", List.of("fit-gmm", "--set", "data.synthetic.means=[[0.0, 1.0]]", "--out", "{out}"), List.of());
        assertEquals(
                "fit-gmm --set 'data.synthetic.means=[[0.0, 1.0]]' --out runs/q --set data.dir=/d",
                String.join(
                        " ",
                        run.arguments(e, Path.of(""), List.of()).stream()
                                .map(CourseRun::quote)
                                .toList()));
    }
}
