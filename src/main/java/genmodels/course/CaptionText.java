package genmodels.course;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.Json;
import genmodels.plot.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gallery caption with its figures filled in from the runs that made the pictures, so that a
 * number or a direction in the text is the one the run measured. In a manifest entry's
 * {@code point}:
 *
 * <ul>
 *   <li>{@code {KEY}}: a value of the run's {@code summary.json}, KEY a dotted path (a number
 *       indexes an array: {@code bandwidths.0.bandwidth}); numbers to four significant digits,
 *       text as it is;
 *   <li>{@code {pct:KEY}}: a share as a percentage ({@code 0.357} reads 35.7%);
 *   <li>{@code {trend:SPLIT.METRIC}}: a training run's curve in words from its {@code metrics.csv},
 *       first and last epoch of that split: "rises from 14.76 to 24.61", "falls from ...";
 *   <li>{@code {first:SPLIT.METRIC}}, {@code {last:SPLIT.METRIC}}: one end of that curve;
 *   <li>any of these after {@code @ID:} reads entry ID's run instead ({@code {@bumps-k3:test.mean_log_likelihood}}).
 * </ul>
 *
 * <p>A placeholder the run did not write is an error ({@link Missing}), never a blank.
 */
final class CaptionText {

    /** {@code {[@ID:][kind:]KEY}}, KEY of letters, digits, dots, dashes and underscores. */
    static final Pattern PLACEHOLDER =
            Pattern.compile("\\{(?:@([a-z0-9-]+):)?(?:(pct|trend|first|last):)?([A-Za-z0-9_.-]+)}");

    /** A placeholder whose figure the run did not write. */
    public static final class Missing extends Exception {
        Missing(String message) {
            super(message);
        }
    }

    private CaptionText() {}

    /**
     * @param template an entry's point, with placeholders
     * @param dir the course folder
     * @param source the entry whose run a placeholder without {@code @ID:} reads
     * @return the text with every placeholder replaced
     * @throws Missing naming the first placeholder the run does not hold
     */
    static String render(String template, Path dir, String source) throws Missing {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        java.util.Map<Path, JsonNode> summaries = new java.util.HashMap<>(); // each run's file read once
        while (m.find()) {
            String run = m.group(1) != null ? m.group(1) : source;
            Path runDir = CourseRun.runDir(dir, run);
            String value;
            try {
                if (!summaries.containsKey(runDir)) {
                    summaries.put(runDir, summary(runDir));
                }
                value = value(runDir, summaries.get(runDir), m.group(2), m.group(3));
            } catch (IOException e) {
                throw new Missing(m.group() + ": " + runDir + " unreadable (" + e.getMessage() + ")");
            }
            if (value == null) {
                throw new Missing(m.group() + ": the run " + run + " did not write " + m.group(3));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** @return the runs a template's placeholders read, given the entry its plain ones read */
    static List<String> runs(String template, String source) {
        List<String> runs = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String run = m.group(1) != null ? m.group(1) : source;
            if (!runs.contains(run)) {
                runs.add(run);
            }
        }
        return runs;
    }

    private static String value(Path runDir, JsonNode summary, String kind, String key) throws IOException {
        if (kind == null || kind.equals("pct")) {
            JsonNode v = summaryValue(summary, key);
            if (v == null || !(v.isNumber() || v.isTextual())) {
                return null;
            }
            if (v.isTextual()) {
                return v.asText();
            }
            if (kind != null) {
                return new java.math.BigDecimal(100 * v.asDouble())
                                .setScale(1, java.math.RoundingMode.HALF_EVEN)
                                .toPlainString()
                        + "%";
            }
            return v.isIntegralNumber() ? v.asText() : number(v.asDouble());
        }
        double[] ends = curveEnds(runDir, key);
        if (ends == null) {
            return null;
        }
        return switch (kind) {
            case "first" -> number(ends[0]);
            case "last" -> number(ends[1]);
            default -> trend(ends[0], ends[1]);
        };
    }

    /** @return "rises from A to B", "falls from A to B" or "stays at A" (equal to four digits) */
    static String trend(double first, double last) {
        String a = number(first);
        String b = number(last);
        if (a.equals(b)) {
            return "stays at " + a;
        }
        return (last > first ? "rises" : "falls") + " from " + a + " to " + b;
    }

    /**
     * @return v to four significant digits, trailing zeros kept (-1.400: the digits are the
     *     precision quoted), or a whole number with thousands separators from 10,000 on
     */
    static String number(double v) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e4) {
            return Charts.readable(v);
        }
        if (v == 0) {
            return "0";
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(v).round(new java.math.MathContext(4));
        int leading = rounded.precision() - rounded.scale(); // digits before the point (negative below 0.1)
        return rounded.setScale(Math.max(0, 4 - leading), java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    /** @return the run's summary.json, or null when it has none */
    private static JsonNode summary(Path runDir) throws IOException {
        Path file = runDir.resolve("summary.json");
        return Files.isRegularFile(file) ? Json.mapper().readTree(file.toFile()) : null;
    }

    private static JsonNode summaryValue(JsonNode summary, String key) {
        if (summary == null) {
            return null;
        }
        JsonNode v = summary;
        for (String part : key.split("\\.")) {
            v = v.isArray() && part.matches("\\d+") ? v.path(Integer.parseInt(part)) : v.path(part);
        }
        return v.isMissingNode() || v.isNull() ? null : v;
    }

    /** @return {first, last} of METRIC over the epochs of SPLIT in metrics.csv, or null */
    private static double[] curveEnds(Path runDir, String key) throws IOException {
        Path file = runDir.resolve("metrics.csv");
        int dot = key.indexOf('.');
        if (!Files.isRegularFile(file) || dot < 0) {
            return null;
        }
        List<String> lines = Files.readAllLines(file);
        List<String> header = List.of(lines.get(0).split(","));
        int split = header.indexOf("split");
        int metric = header.indexOf(key.substring(dot + 1));
        if (split < 0 || metric < 0) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells[split].equals(key.substring(0, dot)) && !cells[metric].isEmpty()) {
                values.add(Double.parseDouble(cells[metric]));
            }
        }
        return values.isEmpty() ? null : new double[] {values.get(0), values.get(values.size() - 1)};
    }
}
