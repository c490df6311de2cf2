package genmodels.course;

import genmodels.config.ConfigLoader;
import genmodels.io.AtomicFiles;
import genmodels.sweep.TaskPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the manifest's entries in course order (which is a dependency order: an entry reads only
 * runs made before it), each through the ordinary command it names, into {@code DIR/runs/ID}. A
 * finished entry is not redone; a training run stopped with a checkpoint resumes from it
 * ({@code --resume}); anything else is started again from an empty folder. An entry whose
 * dependency failed is skipped, saying so; the others go on.
 */
public final class CourseRun {

    private static final Pattern CONFIG_REFERENCE = Pattern.compile("\\{config:([A-Za-z0-9._-]+)}");

    private final CourseManifest manifest;
    private final Path dir;
    private final boolean small;
    private final List<String> sets;
    private final List<String> engine;
    private final ToIntFunction<String[]> genmodels;
    private final BiPredicate<String, String> takes;
    private final PrintWriter out;

    /**
     * @param manifest the course
     * @param dir the course folder (runs/, configs/, course.json, index.html)
     * @param small whether the small budget's arguments are added
     * @param sets the user's {@code key=value} overrides, given to every command that takes --set
     * @param engine arguments for every command's engine ({@code --threads N}, {@code --device D})
     * @param genmodels runs one genmodels command line and returns its exit code
     * @param takes whether a command takes an option: the budget's and the user's {@code --set}
     *     go only to the commands that take {@code --set}, the engine options only to those that
     *     take {@code --threads}
     * @param out progress, one line per entry
     */
    public CourseRun(
            CourseManifest manifest,
            Path dir,
            boolean small,
            List<String> sets,
            List<String> engine,
            ToIntFunction<String[]> genmodels,
            BiPredicate<String, String> takes,
            PrintWriter out) {
        this.manifest = manifest;
        this.dir = dir;
        this.small = small;
        this.sets = List.copyOf(sets);
        this.engine = List.copyOf(engine);
        this.genmodels = genmodels;
        this.takes = takes;
        this.out = out;
    }

    /**
     * @param only a deck's file name, or null for all
     * @return the entries to run: the deck's (or all), with the entries they depend on, in course order
     * @throws genmodels.errors.UserError when {@code only} names no deck
     */
    public List<CourseManifest.Entry> plan(String only) {
        if (only == null) {
            return manifest.entries();
        }
        CourseManifest.Deck deck = manifest.decks().stream()
                .filter(d -> d.deck().equals(only))
                .findFirst()
                .orElseThrow(() -> new genmodels.errors.UserError("--only " + only + ": no such deck; the decks are "
                        + String.join(
                                ", ",
                                manifest.decks().stream()
                                        .map(CourseManifest.Deck::deck)
                                        .toList())));
        Set<String> wanted = new LinkedHashSet<>();
        List<CourseManifest.Entry> all = manifest.entries();
        for (CourseManifest.Entry e : deck.entries()) {
            addWithDependencies(e, all, wanted);
        }
        return all.stream().filter(e -> wanted.contains(e.id())).toList();
    }

    private static void addWithDependencies(
            CourseManifest.Entry e, List<CourseManifest.Entry> all, Set<String> wanted) {
        if (wanted.add(e.id())) {
            for (String d : e.dependencies()) {
                addWithDependencies(
                        all.stream().filter(x -> x.id().equals(d)).findFirst().orElseThrow(), all, wanted);
            }
        }
    }

    /**
     * Runs the plan's runnable entries that have not finished.
     *
     * @return the number of entries that failed or were skipped for a failed dependency
     */
    public int run(List<CourseManifest.Entry> plan, CourseState state) throws IOException {
        List<CourseManifest.Entry> runnable =
                plan.stream().filter(CourseManifest.Entry::runnable).toList();
        Set<String> failed = new HashSet<>();
        int position = 0;
        for (CourseManifest.Entry e : runnable) {
            position++;
            String label = String.format(
                    Locale.ROOT,
                    "[%2d/%d] %s %s",
                    position,
                    runnable.size(),
                    manifest.deckOf(e.id()).deck(),
                    e.id());
            String command = String.join(
                    " ",
                    arguments(e, Path.of(""), List.of()).stream()
                            .map(CourseRun::quote)
                            .toList());
            if (state.done(e.id())) {
                out.println(label + ": done before, kept");
                continue;
            }
            String blocked = e.dependencies().stream()
                    .filter(failed::contains)
                    .findFirst()
                    .orElse(null);
            if (blocked != null) {
                failed.add(e.id());
                state.record(e.id(), new CourseState.Outcome("skipped", 0, null, command, "depends on " + blocked));
                out.println(label + ": skipped, it depends on " + blocked + ", which failed");
                continue;
            }
            out.println(label + ": genmodels " + command);
            out.flush();
            long start = System.nanoTime();
            int code = genmodels.applyAsInt(execution(e).toArray(String[]::new));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (code != 0) {
                failed.add(e.id());
            }
            state.record(
                    e.id(),
                    new CourseState.Outcome(
                            code == 0 ? "done" : "failed", seconds, code, command, code == 0 ? null : "exit " + code));
            out.println(String.format(
                    Locale.ROOT,
                    "%s: %s in %.1f s",
                    label,
                    code == 0 ? "done" : "FAILED (exit " + code + ")",
                    seconds));
            out.flush();
        }
        return failed.size();
    }

    /** @return the command line to run now: a fresh start, or a resume of a stopped training run */
    private List<String> execution(CourseManifest.Entry e) throws IOException {
        Path runDir = runDir(dir, e.id());
        List<String> words = commandWords(e);
        boolean training = words.get(0).equals("train") || words.get(0).startsWith("train-");
        if (training && TaskPlan.of(runDir) == TaskPlan.RESUME) {
            List<String> resume = new ArrayList<>(words);
            resume.addAll(List.of("--resume", runDir.toString()));
            resume.addAll(engine); // train-* takes the engine's options
            return resume;
        }
        AtomicFiles.deleteTree(runDir); // a start, failure or stop without a checkpoint: nothing to keep
        // a command that writes a file (sample) writes it into the entry's folder; the others make theirs
        Files.createDirectories(e.args().contains("--out") ? runDir.getParent() : runDir);
        return arguments(e, dir, engine);
    }

    /**
     * @return the words that name the entry's command, before its first option: {@code [train-vae]}
     *     or, in the grouped form, {@code [train, vae]}
     */
    static List<String> commandWords(CourseManifest.Entry e) {
        List<String> words = new ArrayList<>();
        for (String a : e.args()) {
            if (a.startsWith("-")) {
                break;
            }
            words.add(a);
        }
        return words;
    }

    /**
     * @param base the course folder as the command line names it: DIR to run, the empty path to show
     * @return the entry's command line with its references resolved, the budget's and the user's
     *     overrides appended
     */
    List<String> arguments(CourseManifest.Entry e, Path base, List<String> engineArgs) throws IOException {
        List<String> line = new ArrayList<>();
        for (String a : e.args()) {
            line.add(resolve(a, e.id(), base));
        }
        String command = String.join(" ", commandWords(e));
        if (takes.test(command, "--set")) {
            if (small) {
                line.addAll(e.small());
            }
            for (String s : sets) {
                line.add("--set");
                line.add(s);
            }
        }
        if (takes.test(command, "--threads")) {
            line.addAll(engineArgs);
        }
        return line;
    }

    private String resolve(String arg, String id, Path base) throws IOException {
        String s = arg.replace("{out}", runDir(base, id).toString());
        Matcher runs = CourseManifest.RUN_REFERENCE.matcher(s);
        s = runs.replaceAll(
                m -> Matcher.quoteReplacement(runDir(base, m.group(1)).toString()));
        Matcher configs = CONFIG_REFERENCE.matcher(s);
        StringBuilder resolved = new StringBuilder();
        while (configs.find()) {
            configs.appendReplacement(
                    resolved,
                    Matcher.quoteReplacement(config(configs.group(1), base).toString()));
        }
        configs.appendTail(resolved);
        return resolved.toString();
    }

    /** @return a shipped config, copied into DIR/configs (once) so that the page's commands run from DIR */
    private Path config(String name, Path base) throws IOException {
        Path file = dir.resolve("configs").resolve(name);
        if (!Files.isRegularFile(file)) {
            AtomicFiles.writeString(file, ConfigLoader.builtInText(name));
        }
        return base.resolve("configs").resolve(name);
    }

    /** @return s as one shell word: as it is when it holds only safe characters, else single-quoted */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** @return entry {@code id}'s run directory under {@code base} */
    static Path runDir(Path base, String id) {
        return base.resolve("runs").resolve(id);
    }
}
