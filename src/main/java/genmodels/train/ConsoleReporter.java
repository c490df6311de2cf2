package genmodels.train;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints one line per epoch: each split's terms (nats per image), seconds and images per second. */
public final class ConsoleReporter implements TrainingListener {

    private final PrintWriter out;

    public ConsoleReporter(PrintWriter out) {
        this.out = out;
    }

    /** Two decimals for values of 1 or more (nats), four for smaller ones (per-pixel errors, accuracy). */
    public static String format(double value) {
        if (value != 0 && Math.abs(value) < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", value); // a learning rate such as 2.00e-04
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 1 ? "%.2f" : "%.4f", value);
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %3d", result.epoch()));
        for (Map.Entry<String, Map<String, Double>> split : result.metrics().entrySet()) {
            line.append(" | ").append(split.getKey());
            for (Map.Entry<String, Double> term : split.getValue().entrySet()) {
                line.append(' ').append(term.getKey()).append(' ').append(format(term.getValue()));
            }
        }
        line.append(String.format(
                Locale.ROOT,
                " | %.2f s, %.0f img/s, %.0f MB",
                result.trainSeconds(),
                result.imagesPerSecond(),
                result.residentMb()));
        out.println(line);
        out.flush();
    }
}
