package genmodels.cli;

import genmodels.course.CourseManifest;
import genmodels.course.CourseRun;
import genmodels.course.GalleryPage;
import genmodels.errors.UserError;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code genmodels course}: the lecture decks' figures, made by the ordinary commands, in one page. */
@Command(
        name = "course",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Regenerate the figures of the course's lecture decks (the manifest in configs/course/) through"
                + " the ordinary commands, each an ordinary run directory under DIR/runs, in course order; resume"
                + " where a previous call stopped; write DIR/index.html, one self-contained page with a section per"
                + " deck.")
final class CourseCommand implements Callable<Integer> {

    @Option(
            names = "--budget",
            paramLabel = "BUDGET",
            defaultValue = "small",
            description = "small (reduced images and epochs: about 8 minutes on 2 cores) or full (the shipped"
                    + " configs). Default: small.")
    Choices.Budget budget;

    @Option(names = "--out", paramLabel = "DIR", description = "The course folder (required unless --list).")
    Path out;

    @Option(
            names = "--only",
            paramLabel = "DECK",
            description = "Only this deck (its file name), with the runs it reads.")
    String only;

    @Option(names = "--list", description = "List the decks and their figures, and exit.")
    boolean list;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "An override for every command that takes --set, e.g. data.dir=PATH (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Every command's --threads (default: each its own auto).")
    String threads;

    @Option(names = "--device", paramLabel = "DEVICE", description = "Every command's --device (default auto).")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CourseManifest manifest = CourseManifest.load();
        PrintWriter o = spec.commandLine().getOut();
        if (list) {
            list(manifest, o);
            return ExitCodes.OK;
        }
        if (out == null) {
            throw new UserError("give --out DIR, the course folder (or --list to see the figures)");
        }
        for (String s : sets) {
            if (!s.contains("=")) {
                throw new UserError("--set " + s + ": write KEY=VALUE, e.g. --set data.dir=../data/mnist");
            }
        }
        List<String> engine = new ArrayList<>();
        if (threads != null) {
            engine.addAll(List.of("--threads", threads));
        }
        if (device != null) {
            engine.addAll(List.of("--device", device));
        }
        PrintWriter err = spec.commandLine().getErr();
        CourseRun run = new CourseRun(
                manifest,
                out,
                budget == Choices.Budget.small,
                sets,
                engine,
                args -> Main.execute(args, o, err),
                Main::takes,
                o);
        List<CourseManifest.Entry> plan = run.plan(only);
        Files.createDirectories(out);
        genmodels.course.CourseState state = genmodels.course.CourseState.open(out, budget.name());
        long start = System.nanoTime();
        int failed = run.run(plan, state);
        GalleryPage.write(manifest, out, plan, state);
        long missing = plan.stream().filter(e -> e.missing() != null).count();
        o.println(String.format(
                Locale.ROOT,
                "course (%s budget): %d figures run, %d failed, %d not made yet, %.0f s; wrote %s",
                budget,
                plan.stream().filter(CourseManifest.Entry::runnable).count(),
                failed,
                missing,
                (System.nanoTime() - start) / 1e9,
                out.resolve("index.html")));
        return failed == 0 ? ExitCodes.OK : ExitCodes.INTERNAL;
    }

    private static void list(CourseManifest manifest, PrintWriter o) {
        for (CourseManifest.Deck deck : manifest.decks()) {
            o.println(deck.deck() + ": " + deck.title());
            for (CourseManifest.Entry e : deck.entries()) {
                o.println(String.format(
                        Locale.ROOT,
                        "  %-22s %s%s",
                        e.id(),
                        e.slide(),
                        e.runnable()
                                ? " [" + e.args().get(0) + "]"
                                : e.missing() == null
                                        ? " [shows " + String.join(", ", e.dependencies()) + "]"
                                        : " (not made yet: " + e.missing() + ")"));
            }
        }
    }
}
