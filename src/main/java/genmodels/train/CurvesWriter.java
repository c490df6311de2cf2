package genmodels.train;

import genmodels.io.Plots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redraws {@code curves.png} after every epoch: one panel per reported term, with the train,
 * validation (when held out) and test values per epoch, the same figures as {@code metrics.csv}.
 */
public final class CurvesWriter implements TrainingListener {

    private final Path file;
    private final String run;

    /**
     * @param file the PNG to write
     * @param run the run's name, shown in the titles
     */
    public CurvesWriter(Path file, String run) {
        this.file = file;
        this.run = run;
    }

    /** @return the y axis title of a term: its unit, as summary.json's "units" states them */
    static String unit(String term) {
        return switch (term) {
            case "accuracy" -> "accuracy (fraction correct)";
            case "mse_per_pixel" -> "squared error per pixel";
            case "sw" -> "sliced Wasserstein-2, squared (latent units^2)";
            case "reconstruction" -> "reconstruction per image (nats with bce)";
            case "real_accuracy", "fake_accuracy" -> term + " (share of images)";
            case "d_loss", "g_loss", "gradient_penalty" -> term + " (per image)";
            case "class_entropy" -> "class entropy of 1,000 samples (nats)";
            case "noise_mse" -> "noise prediction MSE (per pixel)";
            default -> term + " (nats per image)";
        };
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        double[] epochs = new double[history.size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = history.get(i).epoch();
        }
        Map<String, String> terms = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> curves = new LinkedHashMap<>();
        java.util.Set<String> all = new java.util.LinkedHashSet<>(result.metrics().get("train").keySet());
        result.metrics().values().forEach(split -> all.addAll(split.keySet()));
        for (String term : all) {
            terms.put(term, unit(term));
            Map<String, double[]> bySplit = new LinkedHashMap<>();
            for (String split : result.metrics().keySet()) {
                double[] values = new double[history.size()];
                for (int i = 0; i < values.length; i++) {
                    Map<String, Double> figures = history.get(i).metrics().get(split);
                    Double v = figures == null ? null : figures.get(term);
                    values[i] = v == null ? Double.NaN : v;
                }
                if (java.util.Arrays.stream(values).anyMatch(Double::isFinite)) {
                    bySplit.put(split, values);
                }
            }
            curves.put(term, bySplit);
        }
        Plots.curves(file, run, epochs, terms, curves);
    }
}
