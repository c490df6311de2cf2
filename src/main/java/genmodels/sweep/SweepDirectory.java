package genmodels.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import genmodels.errors.UserError;
import genmodels.io.AtomicFiles;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sweep's folder:
 *
 * <pre>
 * sweep.yaml          the resolved spec: command, fixed overrides (set), grid, seeds, random draws, and every
 *                     run's overrides
 * base.yaml           the base config every run starts from (absent: the command's built-in config)
 * runs.csv            the manifest: index, overrides, run_dir, state, exit_code, headline
 * runs/NNNN/          one ordinary run directory per index
 * state/NNNN.json     each run's state, written by the task that runs it (no two tasks share a file)
 * logs/, sweep.sbatch the SLURM executor's script and its logs
 * </pre>
 */
public final class SweepDirectory {

    /** A run's state: pending (never started), running, done, failed or stopped (by a signal). */
    public record RunState(
            int index, String state, Integer exitCode, String headlineKey, Double headline, String error) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final Path root;
    private final SweepSpec spec;
    private final List<SweepSpec.Run> runs;

    private SweepDirectory(Path root, SweepSpec spec) {
        this.root = root;
        this.spec = spec;
        this.runs = spec.runs();
    }

    /**
     * Creates the folder for a sweep, or opens it when it already holds this very sweep (to go on
     * with its unfinished runs).
     *
     * @throws UserError when the folder holds another sweep or other files
     */
    public static SweepDirectory create(Path root, SweepSpec spec) throws IOException {
        String text = specText(spec);
        Path specFile = root.resolve("sweep.yaml");
        if (Files.isRegularFile(specFile)) {
            if (!Files.readString(specFile).equals(text)) {
                throw new UserError("--out " + root + " already holds another sweep (its sweep.yaml differs); choose a"
                        + " new folder, or run the same sweep again to continue it");
            }
            return new SweepDirectory(root, spec);
        }
        if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new UserError("--out " + root + " is not empty and holds no sweep; choose a new folder");
                }
            }
        } else if (Files.exists(root)) {
            throw new UserError("--out " + root + " is a file; choose a folder path");
        }
        Files.createDirectories(root.resolve("state"));
        if (spec.baseConfig() != null) {
            AtomicFiles.writeString(root.resolve("base.yaml"), spec.baseConfig());
        }
        AtomicFiles.writeString(specFile, text);
        SweepDirectory dir = new SweepDirectory(root, spec);
        dir.writeManifest();
        return dir;
    }

    /** @throws UserError when the folder holds no sweep.yaml */
    public static SweepDirectory open(Path root) throws IOException {
        Path specFile = root.resolve("sweep.yaml");
        if (!Files.isRegularFile(specFile)) {
            throw new UserError(root + " is not a sweep folder (no sweep.yaml); pass the --out of genmodels sweep");
        }
        return new SweepDirectory(root, parse(YAML.readTree(specFile.toFile()), root, specFile.toString()));
    }

    /** @return the spec as sweep.yaml holds it */
    static String specText(SweepSpec spec) throws IOException {
        ObjectNode node = YAML.createObjectNode();
        node.put("command", spec.command());
        ObjectNode grid = node.putObject("grid");
        spec.grid().forEach((k, vs) -> vs.forEach(grid.withArray(k)::add));
        node.putPOJO("seeds", spec.seeds());
        if (!spec.sets().isEmpty()) {
            node.putPOJO("set", spec.sets());
        }
        if (spec.random() != null) {
            ObjectNode random = node.putObject("random");
            random.put("samples", spec.random().samples());
            random.put("seed", spec.random().seed());
            ObjectNode params = random.putObject("params");
            spec.random().params().forEach(params::put);
        }
        node.put("base_config", spec.baseConfig() == null ? "built-in" : "base.yaml");
        ObjectNode runs = node.putObject("runs");
        for (SweepSpec.Run run : spec.runs()) {
            runs.put(String.format(Locale.ROOT, "%04d", run.index()), String.join(" ", run.sets()));
        }
        return YAML.writeValueAsString(node);
    }

    /**
     * Reads a spec: sweep.yaml in a sweep folder, or a sweep file ({@code --sweep-file}), whose
     * {@code base} is the base config inline (or {@code base_config} a path, relative to the file).
     *
     * @param node the YAML
     * @param folder where relative paths start
     * @param where the file, for errors
     */
    static SweepSpec parse(JsonNode node, Path folder, String where) throws IOException {
        String command = node.path("command").asText("");
        if (command.isEmpty()) {
            throw new UserError(where + ": command is missing, e.g. command: train-vae");
        }
        Map<String, List<String>> grid = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> keys = node.path("grid").fields();
        while (keys.hasNext()) {
            Map.Entry<String, JsonNode> e = keys.next();
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.isValueNode() ? v.asText() : v.toString()));
            } else {
                values.addAll(SweepSpec.values(e.getKey(), e.getValue().asText()));
            }
            grid.put(e.getKey(), values);
        }
        List<Integer> seeds = new ArrayList<>();
        node.path("seeds").forEach(s -> seeds.add(s.asInt()));
        List<String> sets = new ArrayList<>();
        node.path("set").forEach(s -> sets.add(s.asText()));
        SweepSpec.RandomSearch random = null;
        if (node.has("random")) {
            JsonNode r = node.get("random");
            Map<String, String> params = new LinkedHashMap<>();
            r.path("params")
                    .fields()
                    .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            random = new SweepSpec.RandomSearch(
                    r.path("samples").asInt(0), r.path("seed").asLong(0), params);
        }
        String base = null;
        if (node.hasNonNull("base")) {
            base = YAML.writeValueAsString(node.get("base"));
        } else if (node.hasNonNull("base_config")
                && !node.get("base_config").asText().equals("built-in")) {
            Path file = folder.resolve(node.get("base_config").asText());
            if (!Files.isRegularFile(file)) {
                throw new UserError(where + ": base_config " + file + " does not exist");
            }
            base = Files.readString(file);
        }
        return new SweepSpec(command, base, grid, seeds, random, sets);
    }

    /** @return a sweep file's spec */
    public static SweepSpec readSweepFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError("--sweep-file " + file + " does not exist");
        }
        JsonNode node;
        try {
            node = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError("--sweep-file " + file + " is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return parse(node, file.toAbsolutePath().getParent(), file.toString());
    }

    public Path root() {
        return root;
    }

    public SweepSpec spec() {
        return spec;
    }

    public List<SweepSpec.Run> runs() {
        return runs;
    }

    /** @return the base config file, or null for the command's built-in config */
    public Path baseConfig() {
        Path file = root.resolve("base.yaml");
        return Files.isRegularFile(file) ? file : null;
    }

    /** @return run {@code index}'s run directory */
    public Path runDir(int index) {
        return root.resolve("runs").resolve(String.format(Locale.ROOT, "%04d", index));
    }

    /** @return the --set overrides, --config and --out that make run {@code index} */
    public List<String> runArguments(SweepSpec.Run run) {
        List<String> args = new ArrayList<>();
        if (baseConfig() != null) {
            args.add("--config");
            args.add(baseConfig().toString());
        }
        for (String set : spec.setsOf(run)) {
            args.add("--set");
            args.add(set);
        }
        args.add("--out");
        args.add(runDir(run.index()).toString());
        return args;
    }

    /** @return run {@code index}'s state (pending when its task never wrote one) */
    public RunState state(int index) throws IOException {
        Path file = stateFile(index);
        if (!Files.isRegularFile(file)) {
            return new RunState(index, "pending", null, null, null, null);
        }
        return Json.mapper().readValue(file.toFile(), RunState.class);
    }

    /** Writes run {@code index}'s state (atomically: a reader never sees half a file). */
    public void writeState(RunState state) throws IOException {
        Files.createDirectories(root.resolve("state"));
        Json.write(stateFile(state.index()), state);
    }

    private Path stateFile(int index) {
        return root.resolve("state").resolve(String.format(Locale.ROOT, "%04d.json", index));
    }

    /** Rewrites runs.csv from the runs and their states. */
    public void writeManifest() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SweepSpec.Run run : runs) {
            RunState s = state(run.index());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", run.index());
            row.put("overrides", String.join(" ", run.sets()));
            row.put("run_dir", root.relativize(runDir(run.index())).toString());
            row.put("state", s.state());
            row.put("exit_code", s.exitCode() == null ? "" : s.exitCode());
            row.put("headline", s.headline() == null ? "" : s.headlineKey() + "=" + formatNumber(s.headline()));
            rows.add(row);
        }
        CsvSchema schema = CsvSchema.builder()
                .addColumn("index")
                .addColumn("overrides")
                .addColumn("run_dir")
                .addColumn("state")
                .addColumn("exit_code")
                .addColumn("headline")
                .setUseHeader(true)
                .build();
        String csv = new CsvMapper().writer(schema).writeValueAsString(rows);
        AtomicFiles.writeString(root.resolve("runs.csv"), csv);
    }

    static String formatNumber(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
