package genmodels.course;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.errors.UserError;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DIR/course.json}: the budget the folder was made with and each entry's outcome, rewritten
 * (atomically) after every entry, so that a stopped course resumes where it was.
 */
public final class CourseState {

    /**
     * One entry's outcome.
     *
     * @param state done, failed or skipped
     * @param seconds its wall time (0 when skipped)
     * @param exitCode the command's exit code (null when skipped)
     * @param command the command line, with paths relative to DIR
     * @param note why it was skipped or failed, or null
     */
    record Outcome(String state, double seconds, Integer exitCode, String command, String note) {}

    private final Path file;
    private final String budget;
    private final Map<String, Outcome> entries;

    private CourseState(Path file, String budget, Map<String, Outcome> entries) {
        this.file = file;
        this.budget = budget;
        this.entries = entries;
    }

    /**
     * @return the folder's state, or a new one for {@code budget}
     * @throws UserError when the folder was made with the other budget
     */
    public static CourseState open(Path dir, String budget) throws IOException {
        Path file = dir.resolve("course.json");
        Map<String, Outcome> entries = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            JsonNode root = Json.mapper().readTree(file.toFile());
            String made = root.path("budget").asText();
            if (!made.equals(budget)) {
                throw new UserError(dir + " holds a course made with --budget " + made + "; rerun with --budget " + made
                        + " to resume it, or give another --out for --budget " + budget);
            }
            root.path("entries")
                    .fields()
                    .forEachRemaining(
                            e -> entries.put(e.getKey(), Json.mapper().convertValue(e.getValue(), Outcome.class)));
        }
        return new CourseState(file, budget, entries);
    }

    /** @return whether entry {@code id} finished (and is not redone) */
    boolean done(String id) {
        Outcome o = entries.get(id);
        return o != null && o.state().equals("done");
    }

    /** @return entry {@code id}'s outcome, or null when it never ran */
    Outcome outcome(String id) {
        return entries.get(id);
    }

    String budget() {
        return budget;
    }

    /** Records an outcome and rewrites the file. */
    void record(String id, Outcome outcome) throws IOException {
        entries.put(id, outcome);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("budget", budget);
        root.put("entries", entries);
        Json.write(file, root);
    }
}
