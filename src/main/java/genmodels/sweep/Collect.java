package genmodels.sweep;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import genmodels.io.AtomicFiles;
import genmodels.io.Headline;
import genmodels.io.Plots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One table of a sweep: every finished run's overrides and test figures ({@code collect.csv}), and
 * in {@code collect.md} the same, then per grid point (the overrides other than train.seed) the
 * mean and sample standard deviation of each figure over its seeds, and the best point by the
 * headline figure; {@code collect.png} plots the headline's mean against the first swept key, one
 * line per value of the second.
 */
public final class Collect {

    /** What collect found. */
    public record Result(int finished, int total, String headline, Map<String, String> bestPoint, Double bestMean) {}

    private Collect() {}

    /**
     * A finished run's overrides, figures and headline.
     *
     * @param headline the run's headline, or null
     * @param headlineColumn the headline's column among the figures ({@code test_<name>} for a test figure)
     */
    record Row(SweepSpec.Run run, Map<String, Double> figures, Headline headline, String headlineColumn) {}

    /** Writes collect.csv, collect.md and collect.png into the sweep folder. */
    public static Result write(SweepDirectory dir) throws IOException {
        List<Row> rows = finishedRows(dir);
        Set<String> figureKeys = new LinkedHashSet<>();
        rows.forEach(r -> figureKeys.addAll(r.figures().keySet()));
        List<String> keys = new ArrayList<>(dir.spec().grid().keySet());
        if (dir.spec().random() != null) {
            keys.addAll(dir.spec().random().params().keySet());
        }
        boolean seeded = !dir.spec().seeds().isEmpty();
        writeCsv(dir.root().resolve("collect.csv"), rows, keys, seeded, figureKeys);
        Map<Map<String, String>, List<Row>> byPoint = new LinkedHashMap<>(); // per grid point, over seeds
        for (Row r : rows) {
            byPoint.computeIfAbsent(r.run().point(), p -> new ArrayList<>()).add(r);
        }
        Row named = rows.stream().filter(r -> r.headline() != null).findFirst().orElse(null);
        String headline = named == null ? null : named.headlineColumn();
        StringBuilder md = new StringBuilder(
                "# Sweep " + dir.root().getFileName() + ": " + dir.spec().command() + "\n\n" + rows.size() + " of "
                        + dir.runs().size() + " runs finished.\n\n## Runs\n\n");
        runsSection(md, rows, keys, seeded, figureKeys);
        md.append("\n## Mean and standard deviation over seeds\n\n");
        Best best = pointsSection(md, byPoint, keys, figureKeys, named);
        if (best != null) {
            md.append("\nBest point by ")
                    .append(headline)
                    .append(named.headline().higherIsBetter() ? " (higher is better)" : " (lower is better)")
                    .append(": ")
                    .append(
                            best.point().isEmpty()
                                    ? "(the base config)"
                                    : best.point().toString())
                    .append(", mean ")
                    .append(format(best.mean()))
                    .append(".\n");
        }
        if (headline != null && !keys.isEmpty()) {
            plot(dir, byPoint, keys, headline);
            md.append("\n![")
                    .append(headline)
                    .append(" against ")
                    .append(keys.get(0))
                    .append("](collect.png)\n");
        }
        AtomicFiles.writeString(dir.root().resolve("collect.md"), md.toString());
        return new Result(
                rows.size(),
                dir.runs().size(),
                headline,
                best == null ? null : best.point(),
                best == null ? null : best.mean());
    }

    /** @return every finished run's figures: its headline first, then its test figures */
    private static List<Row> finishedRows(SweepDirectory dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (SweepSpec.Run run : dir.runs()) {
            Path runDir = dir.runDir(run.index());
            if (!"done".equals(dir.state(run.index()).state())
                    || !Files.isRegularFile(runDir.resolve("summary.json"))) {
                continue;
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            Headline h = Headline.of(runDir);
            Map<String, Double> test = Headline.testFigures(runDir);
            String column = h == null ? null : test.containsKey(h.key()) ? "test_" + h.key() : h.key();
            if (h != null) {
                figures.put(column, h.value());
            }
            test.forEach((k, v) -> figures.put("test_" + k, v));
            rows.add(new Row(run, figures, h, column));
        }
        return rows;
    }

    /** One row per finished run: its overrides and figures. */
    private static void runsSection(
            StringBuilder md, List<Row> rows, List<String> keys, boolean seeded, Set<String> figureKeys) {
        List<String> header = new ArrayList<>(List.of("index"));
        header.addAll(keys);
        if (seeded) {
            header.add("train.seed");
        }
        header.addAll(figureKeys);
        table(md, header);
        for (Row r : rows) {
            List<String> cells =
                    new ArrayList<>(List.of(Integer.toString(r.run().index())));
            keys.forEach(k -> cells.add(r.run().overrides().getOrDefault(k, "")));
            if (seeded) {
                cells.add(r.run().overrides().get("train.seed"));
            }
            figureKeys.forEach(f ->
                    cells.add(r.figures().containsKey(f) ? format(r.figures().get(f)) : ""));
            row(md, cells);
        }
    }

    /** The best grid point by the headline's mean over seeds, in the headline's direction. */
    private record Best(Map<String, String> point, double mean) {}

    /** One row per grid point: mean and sample standard deviation of each figure over its seeds. */
    private static Best pointsSection(
            StringBuilder md,
            Map<Map<String, String>, List<Row>> byPoint,
            List<String> keys,
            Set<String> figureKeys,
            Row named) {
        List<String> pointHeader = new ArrayList<>(keys);
        pointHeader.add("runs");
        figureKeys.forEach(f -> pointHeader.add(f + " (mean +- sd)"));
        table(md, pointHeader);
        Best best = null;
        for (Map.Entry<Map<String, String>, List<Row>> e : byPoint.entrySet()) {
            List<String> cells = new ArrayList<>();
            keys.forEach(k -> cells.add(e.getKey().getOrDefault(k, "")));
            cells.add(Integer.toString(e.getValue().size()));
            for (String f : figureKeys) {
                double[] v = e.getValue().stream()
                        .filter(r -> r.figures().containsKey(f))
                        .mapToDouble(r -> r.figures().get(f))
                        .toArray();
                cells.add(v.length == 0 ? "" : format(mean(v)) + " +- " + format(sd(v)));
                boolean isHeadline = named != null && f.equals(named.headlineColumn()) && v.length > 0;
                if (isHeadline && (best == null || named.headline().better(mean(v), best.mean()))) {
                    best = new Best(e.getKey(), mean(v));
                }
            }
            row(md, cells);
        }
        return best;
    }

    private static void writeCsv(Path file, List<Row> rows, List<String> keys, boolean seeded, Set<String> figures)
            throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().addColumn("index");
        keys.forEach(schema::addColumn);
        if (seeded) {
            schema.addColumn("train.seed");
        }
        figures.forEach(schema::addColumn);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.run().index());
            keys.forEach(k -> m.put(k, r.run().overrides().getOrDefault(k, "")));
            if (seeded) {
                m.put("train.seed", r.run().overrides().get("train.seed"));
            }
            figures.forEach(f -> m.put(f, r.figures().getOrDefault(f, Double.NaN)));
            out.add(m);
        }
        AtomicFiles.writeString(
                file, new CsvMapper().writer(schema.setUseHeader(true).build()).writeValueAsString(out));
    }

    /** The headline's mean per point against the first key (its values' order), one line per value of the second. */
    private static void plot(
            SweepDirectory dir, Map<Map<String, String>, List<Row>> byPoint, List<String> keys, String headline)
            throws IOException {
        String xKey = keys.get(0);
        String lineKey = keys.size() > 1 ? keys.get(1) : null;
        List<String> xs = new ArrayList<>(new LinkedHashSet<>(
                byPoint.keySet().stream().map(p -> p.get(xKey)).toList()));
        boolean numeric = xs.stream().allMatch(Collect::isNumber);
        double[] x = new double[xs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = numeric ? Double.parseDouble(xs.get(i)) : i + 1;
        }
        Map<String, double[]> lines = new LinkedHashMap<>();
        for (Map.Entry<Map<String, String>, List<Row>> e : byPoint.entrySet()) {
            String name =
                    lineKey == null ? headline : lineKey + "=" + e.getKey().get(lineKey);
            double[] y = lines.computeIfAbsent(name, n -> {
                double[] nan = new double[x.length];
                java.util.Arrays.fill(nan, Double.NaN);
                return nan;
            });
            double[] v = e.getValue().stream()
                    .filter(r -> r.figures().containsKey(headline))
                    .mapToDouble(r -> r.figures().get(headline))
                    .toArray();
            y[xs.indexOf(e.getKey().get(xKey))] = v.length == 0 ? Double.NaN : mean(v);
        }
        Plots.lines(
                dir.root().resolve("collect.png"),
                dir.root().getFileName() + ": " + headline + " (mean over seeds) against " + xKey,
                numeric ? xKey : xKey + " (1 = " + xs.get(0) + ", in order " + String.join(", ", xs) + ")",
                headline.replace("test_", "test ") + " (nats per image unless a fraction)",
                x,
                new ArrayList<>(lines.keySet()),
                new ArrayList<>(lines.values()),
                false);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** @return the sample standard deviation (n - 1), 0 for one value */
    static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static void table(StringBuilder md, List<String> header) {
        row(md, header);
        md.append('|').append("---|".repeat(header.size())).append('\n');
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append("| ")
                .append(String.join(
                        " | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()))
                .append(" |\n");
    }
}
