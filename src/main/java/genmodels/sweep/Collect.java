package genmodels.sweep;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import genmodels.io.AtomicFiles;
import genmodels.io.Headline;
import genmodels.plot.LineCharts;
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
 * One table of a sweep: every finished run's overrides, validation and test figures ({@code
 * collect.csv}), and in {@code collect.md} the same, then per grid point (the overrides other than
 * train.seed) the mean and sample standard deviation of each figure over its seeds, and the best
 * point by the headline figure measured on the validation split (or a GAN's samples against the
 * validation images): test figures are reported beside it and never choose. Runs without such a
 * figure are not ranked, and collect.md says why and how to get one. {@code collect.png} plots the
 * headline's mean against the first swept key, one line per value of the second.
 */
public final class Collect {

    /**
     * What collect found.
     *
     * @param headline the column the points were ranked by (or, unranked, the test headline's column), or null
     * @param bestPoint the best grid point, or null when the runs are not ranked
     * @param bestMean its headline's mean over seeds, or null
     * @param notRanked why no point was chosen, or null when one was
     */
    public record Result(
            int finished,
            int total,
            String headline,
            Map<String, String> bestPoint,
            Double bestMean,
            String notRanked) {}

    private Collect() {}

    /**
     * A finished run's overrides, figures and headline.
     *
     * @param headline the run's headline, or null
     * @param headlineColumn the headline's column among the figures ({@code validation_neg_elbo}), or null
     * @param notRanked the run's own reason for naming no headline, or null
     */
    record Row(
            SweepSpec.Run run,
            Map<String, Double> figures,
            Headline headline,
            String headlineColumn,
            String notRanked,
            String unit) {

        boolean ranks() {
            return headline != null && headline.ranks();
        }
    }

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
        Row ranking = rows.stream().filter(Row::ranks).findFirst().orElse(null);
        Row shown = ranking != null
                ? ranking
                : rows.stream()
                        .filter(r -> r.headlineColumn() != null)
                        .findFirst()
                        .orElse(null);
        StringBuilder md = new StringBuilder(
                "# Sweep " + dir.root().getFileName() + ": " + dir.spec().command() + "\n\n" + rows.size() + " of "
                        + dir.runs().size() + " runs finished.\n\n## Runs\n\n");
        runsSection(md, rows, keys, seeded, figureKeys);
        md.append("\n## Mean and standard deviation over seeds\n\n");
        Best best = pointsSection(md, byPoint, keys, figureKeys, ranking);
        String notRanked = best == null ? notRankedReason(rows) : null;
        md.append('\n').append(best == null ? "No best point: " + notRanked + "\n" : bestLine(ranking, best));
        String plotted = shown == null ? null : shown.headlineColumn();
        if (plotted != null && !keys.isEmpty()) {
            plot(dir, byPoint, keys, plotted, shown.unit());
            md.append("\n![")
                    .append(plotted)
                    .append(" against ")
                    .append(keys.get(0))
                    .append("](collect.png)\n");
        }
        AtomicFiles.writeString(dir.root().resolve("collect.md"), md.toString());
        return new Result(
                rows.size(),
                dir.runs().size(),
                plotted,
                best == null ? null : best.point(),
                best == null ? null : best.mean(),
                notRanked);
    }

    /** "Best point by validation_neg_elbo (lower is better): {...}, mean ...", and its test figure beside it. */
    private static String bestLine(Row ranking, Best best) {
        Headline h = ranking.headline();
        String testColumn = "test_" + h.name();
        StringBuilder line = new StringBuilder("Best point by ")
                .append(ranking.headlineColumn())
                .append(h.higherIsBetter() ? " (higher is better)" : " (lower is better)")
                .append(": ")
                .append(
                        best.point().isEmpty()
                                ? "(the base config)"
                                : best.point().toString())
                .append(", mean ")
                .append(format(best.mean()));
        double[] test = best.rows().stream()
                .filter(r -> r.figures().containsKey(testColumn))
                .mapToDouble(r -> r.figures().get(testColumn))
                .toArray();
        if (test.length > 0) {
            line.append("; its ").append(testColumn).append(" ").append(format(mean(test)));
        }
        return line.append(". Chosen on ")
                .append(h.split().equals("samples") ? "samples against the validation images" : "the validation split")
                .append("; test figures are reported, never used to choose.\n")
                .toString();
    }

    /** @return why none of the finished runs can be ranked, and how to make them rankable */
    static String notRankedReason(List<Row> rows) {
        if (rows.isEmpty()) {
            return "no run has finished yet.";
        }
        Row tested = rows.stream()
                .filter(r -> r.headline() != null && r.headline().split().equals("test"))
                .findFirst()
                .orElse(null);
        if (tested != null) {
            return "the runs measured their headline figure, "
                    + tested.headline().name() + ", on the test split only"
                    + " (data.validation is 0), and a point chosen by its test figure would make that figure"
                    + " optimistic. Hold out a validation split and run the sweep again, e.g. with --set"
                    + " data.validation=0.1.";
        }
        String own = rows.stream()
                .map(Row::notRanked)
                .filter(w -> w != null)
                .findFirst()
                .orElse(null);
        if (own != null) {
            return own + ".";
        }
        return "the runs name no figure measured on a validation split (a fit's headline is measured on its"
                + " training or test points), so nothing here can choose between them honestly.";
    }

    /** @return every finished run's figures: its headline first, then its validation and test figures */
    private static List<Row> finishedRows(SweepDirectory dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (SweepSpec.Run run : dir.runs()) {
            Path runDir = dir.runDir(run.index());
            if (!"done".equals(dir.state(run.index()).state())
                    || !Files.isRegularFile(runDir.resolve("summary.json"))) {
                continue;
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            com.fasterxml.jackson.databind.JsonNode summary = Headline.summary(runDir);
            Headline h = Headline.of(summary);
            String column = h == null ? null : h.key().replace('.', '_');
            if (h != null) {
                figures.put(column, h.value());
            }
            for (String split : List.of("validation", "test")) {
                Headline.splitFigures(summary, split).forEach((k, v) -> figures.put(split + "_" + k, v));
            }
            com.fasterxml.jackson.databind.JsonNode unit = summary.path("units").path(h == null ? "" : h.name());
            rows.add(new Row(
                    run, figures, h, column, Headline.notRanked(summary), unit.isTextual() ? unit.asText() : null));
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

    /** The best grid point by the headline's mean over seeds, in the headline's direction, with its runs. */
    private record Best(Map<String, String> point, double mean, List<Row> rows) {}

    /** One row per grid point: mean and sample standard deviation of each figure over its seeds. */
    private static Best pointsSection(
            StringBuilder md,
            Map<Map<String, String>, List<Row>> byPoint,
            List<String> keys,
            Set<String> figureKeys,
            Row ranking) {
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
                boolean isHeadline = ranking != null && f.equals(ranking.headlineColumn()) && v.length > 0;
                if (isHeadline && (best == null || ranking.headline().better(mean(v), best.mean()))) {
                    best = new Best(e.getKey(), mean(v), e.getValue());
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
            SweepDirectory dir,
            Map<Map<String, String>, List<Row>> byPoint,
            List<String> keys,
            String headline,
            String unit)
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
        LineCharts.lines(
                dir.root().resolve("collect.png"),
                dir.root().getFileName() + ": " + headline + " (mean over seeds) against " + xKey,
                numeric ? xKey : xKey + " (1 = " + xs.get(0) + ", in order " + String.join(", ", xs) + ")",
                headline + (unit == null ? "" : " (" + unit + ")"),
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
