package genmodels.eval;

import genmodels.io.AtomicFiles;
import genmodels.plot.Charts;
import genmodels.plot.LineCharts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate --guidance w1,w2,...} of a conditional diffusion model: the sample figures at each
 * guidance weight as one table ({@code guidance.md}) and one plot ({@code guidance.png}) of the
 * class accuracy and the Fréchet distances against w, the trade-off Ho &amp; Salimans (2022,
 * figures 3-4) draw between how recognisable samples are and how well they cover the data.
 */
public final class GuidanceSweep {

    /** The key of the sweep's rows in eval.json. */
    public static final String KEY = "guidance_sweep";

    private GuidanceSweep() {}

    /**
     * @param w the guidance weight
     * @param samples {@link Evaluation#samples}' figures, or its sentence where they do not apply
     * @return {@code guidance: w} followed by the figures (or the sentence, as {@code note})
     */
    static Map<String, Object> row(double w, Object samples) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("guidance", w);
        if (samples instanceof Map<?, ?> figures) {
            figures.forEach((k, v) -> row.put(k.toString(), v));
        } else {
            row.put("note", samples);
        }
        return row;
    }

    /**
     * Writes {@code guidance.md} and {@code guidance.png} in the run directory.
     *
     * @param rows the sweep's rows ({@link #row}), in the order evaluated
     * @return the two files written, or none when no row has figures (no --classifier)
     */
    public static List<Path> write(Path runDir, List<?> rows, String title) throws IOException {
        List<double[]> points = new ArrayList<>(); // w, accuracy, mean class FD, FD, class entropy, s/image, images
        for (Object r : rows) {
            Map<?, ?> row = (Map<?, ?>) r;
            if (!(row.get("class_conditional") instanceof Map<?, ?> conditional)) {
                continue;
            }
            points.add(new double[] {
                number(row.get("guidance")),
                number(conditional.get("accuracy")),
                number(conditional.get("mean_class_frechet_distance")),
                number(row.get("classifier_feature_frechet_distance")),
                number(row.get("class_entropy_nats")),
                number(row.get("sampling_seconds_per_image")),
                number(row.get("images"))
            });
        }
        if (points.isEmpty()) {
            return List.of();
        }
        Path md = runDir.resolve("guidance.md");
        AtomicFiles.writeString(md, table(points, title));
        Path png = runDir.resolve("guidance.png");
        plot(points, title, png);
        return List.of(md, png);
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String table(List<double[]> points, String title) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT, "# Guidance sweep: %s, %d samples per weight%n%n", title, (long) points.get(0)[6]));
        b.append("| guidance w | class accuracy | mean per-class FD | FD (all classes) | class entropy (nats)"
                + " | sampling s/image |\n|---|---|---|---|---|---|\n");
        for (double[] p : points) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %.4f | %.2f | %.2f | %.4f | %.4f |%n",
                    weight(p[0]),
                    p[1],
                    p[2],
                    p[3],
                    p[4],
                    p[5]));
        }
        b.append("\nFD: the classifier-feature Fréchet distance (the --classifier run's features, not Inception);"
                + " per-class FD: a class's samples against that class's test images.\n");
        return b.toString();
    }

    /** @return w as written: 0.5, 1, 2.25 */
    private static String weight(double w) {
        return java.math.BigDecimal.valueOf(w).stripTrailingZeros().toPlainString();
    }

    private static void plot(List<double[]> points, String title, Path png) throws IOException {
        double[] w = column(points, 0);
        String run = String.format(Locale.ROOT, "%s, %d samples per w: ", title, (long) points.get(0)[6]);
        var accuracy = LineCharts.linePanel(
                "class accuracy of the samples",
                "guidance w",
                "share classified as their class",
                w,
                List.of("accuracy"),
                List.of(column(points, 1)),
                false);
        var distance = LineCharts.linePanel(
                "classifier-feature Fréchet distance",
                "guidance w",
                "FD (lower: closer to the test images)",
                w,
                List.of("mean per-class FD", "FD, all classes"),
                List.of(column(points, 2), column(points, 3)),
                false);
        accuracy.setTitle(run + "class accuracy");
        distance.setTitle(run + "classifier-feature FD");
        Charts.sheet(png, List.of(accuracy, distance));
    }

    private static double[] column(List<double[]> points, int j) {
        return points.stream().mapToDouble(p -> p[j]).toArray();
    }
}
