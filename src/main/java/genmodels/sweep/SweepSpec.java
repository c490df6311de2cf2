package genmodels.sweep;

import genmodels.errors.UserError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a sweep runs: one command on a base config, over the product of grid values, random draws
 * and seeds. Values are YAML text, applied exactly as {@code --set KEY=VALUE}.
 *
 * @param command the genmodels command each run executes (e.g. {@code train-vae})
 * @param baseConfig the base config's YAML text, or null for the command's built-in config
 * @param grid key to its values (YAML text each), in order: the last key varies fastest
 * @param seeds values of train.seed (empty: the config's own)
 * @param random random draws, or null
 * @param sets fixed {@code KEY=VALUE} overrides of every run, applied before the grid's
 */
public record SweepSpec(
        String command,
        String baseConfig,
        Map<String, List<String>> grid,
        List<Integer> seeds,
        RandomSearch random,
        List<String> sets) {

    /**
     * {@code samples} draws, each of every parameter from its distribution, with {@code seed}.
     *
     * @param samples how many draws
     * @param seed seeds the draws
     * @param params key to {@code choice(v1, v2, ...)}, {@code uniform(a, b)} or {@code loguniform(a, b)}
     */
    public record RandomSearch(int samples, long seed, Map<String, String> params) {}

    /** One run of the sweep: its index and the --set overrides that make it. */
    public record Run(int index, Map<String, String> overrides) {

        /** @return the overrides as {@code key=value} strings */
        public List<String> sets() {
            List<String> out = new ArrayList<>();
            overrides.forEach((k, v) -> out.add(k + "=" + v));
            return out;
        }

        /** @return the overrides without train.seed: the grid point the run belongs to */
        public Map<String, String> point() {
            Map<String, String> p = new LinkedHashMap<>(overrides);
            p.remove("train.seed");
            return p;
        }
    }

    private static final Pattern RANGE = Pattern.compile("range\\((.*)\\)");
    private static final Pattern CALL = Pattern.compile("(choice|uniform|loguniform)\\((.*)\\)");

    public SweepSpec {
        grid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        seeds = List.copyOf(seeds);
        sets = sets == null ? List.of() : List.copyOf(sets);
    }

    /** A sweep without fixed overrides. */
    public SweepSpec(
            String command,
            String baseConfig,
            Map<String, List<String>> grid,
            List<Integer> seeds,
            RandomSearch random) {
        this(command, baseConfig, grid, seeds, random, List.of());
    }

    /** @return what run {@code run} is given: the fixed overrides, then its own */
    public List<String> setsOf(Run run) {
        List<String> all = new ArrayList<>(sets);
        all.addAll(run.sets());
        return all;
    }

    /**
     * @return every run: grid product (first key slowest), then each random draw, then each seed
     * @throws UserError on an empty grid list, a bad range or a bad distribution
     */
    public List<Run> runs() {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> key : grid.entrySet()) {
            if (key.getValue().isEmpty()) {
                throw new UserError("--grid " + key.getKey() + ": no values; give at least one, e.g. --grid "
                        + key.getKey() + "=1,2");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : key.getValue()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(key.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        if (random != null) {
            if (random.samples() < 1) {
                throw new UserError("random.samples must be at least 1, found " + random.samples());
            }
            Random rng = new Random(random.seed());
            List<Map<String, String>> drawn = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (int s = 0; s < random.samples(); s++) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    random.params().forEach((k, dist) -> q.put(k, draw(k, dist, rng)));
                    drawn.add(q);
                }
            }
            points = drawn;
        }
        List<Run> runs = new ArrayList<>();
        for (Map<String, String> p : points) {
            if (seeds.isEmpty()) {
                runs.add(new Run(runs.size(), p));
            } else {
                for (int seed : seeds) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put("train.seed", Integer.toString(seed));
                    runs.add(new Run(runs.size(), q));
                }
            }
        }
        return runs;
    }

    /**
     * Splits a list of YAML values at the commas outside brackets and quotes ({@code [400],[200,100]}
     * is two values), and expands {@code range(start, stop, step)} (stop excluded, as Python's).
     *
     * @param key the key, for errors
     * @param text the values as written after {@code KEY=}
     * @return the values, as YAML text
     */
    public static List<String> values(String key, String text) {
        String trimmed = text.trim();
        Matcher range = RANGE.matcher(trimmed);
        if (range.matches()) {
            return range(key, range.group(1));
        }
        List<String> out = new ArrayList<>();
        for (String part : splitTopLevel(trimmed)) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** @return the arguments of a list or call, split at top-level commas */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    private static List<String> range(String key, String args) {
        List<String> parts = splitTopLevel(args);
        if (parts.size() != 3) {
            throw new UserError(key + ": range(" + args + ") needs three numbers (start, stop, step)");
        }
        BigDecimal start;
        BigDecimal stop;
        BigDecimal step;
        try {
            start = new BigDecimal(parts.get(0).trim());
            stop = new BigDecimal(parts.get(1).trim());
            step = new BigDecimal(parts.get(2).trim());
        } catch (NumberFormatException e) {
            throw new UserError(key + ": range(" + args + ") takes three numbers, e.g. range(0.001, 0.004, 0.001)");
        }
        if (step.signum() == 0 || (stop.compareTo(start) - 0) * step.signum() <= 0) {
            throw new UserError(key + ": range(" + args + ") is empty: step must be non-zero and move start towards"
                    + " stop (stop is excluded)");
        }
        List<String> out = new ArrayList<>();
        for (BigDecimal v = start; v.compareTo(stop) * step.signum() < 0; v = v.add(step)) {
            out.add(v.stripTrailingZeros().toPlainString());
            if (out.size() > 10_000) {
                throw new UserError(key + ": range(" + args + ") has more than 10,000 values");
            }
        }
        return out;
    }

    private static String draw(String key, String distribution, Random rng) {
        Matcher m = CALL.matcher(distribution.trim());
        if (!m.matches()) {
            throw new UserError("random." + key + ": '" + distribution + "' is not choice(...), uniform(a, b) or"
                    + " loguniform(a, b)");
        }
        List<String> args = new ArrayList<>();
        for (String a : splitTopLevel(m.group(2))) {
            if (!a.isBlank()) {
                args.add(a.trim());
            }
        }
        if (m.group(1).equals("choice")) {
            if (args.isEmpty()) {
                throw new UserError("random." + key + ": choice() needs at least one value");
            }
            return args.get(rng.nextInt(args.size()));
        }
        double a;
        double b;
        try {
            a = Double.parseDouble(args.get(0));
            b = Double.parseDouble(args.get(1));
        } catch (RuntimeException e) {
            throw new UserError("random." + key + ": " + m.group(1) + " takes two numbers, found " + distribution);
        }
        if (args.size() != 2 || !(a < b) || (m.group(1).equals("loguniform") && a <= 0)) {
            throw new UserError("random." + key + ": " + distribution + " needs two numbers a < b"
                    + (m.group(1).equals("loguniform") ? ", both positive" : ""));
        }
        double u = rng.nextDouble();
        double v = m.group(1).equals("uniform")
                ? a + u * (b - a)
                : Math.exp(Math.log(a) + u * (Math.log(b) - Math.log(a)));
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
