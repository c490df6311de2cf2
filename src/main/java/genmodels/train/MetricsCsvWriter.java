package genmodels.train;

import genmodels.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites {@code metrics.csv} after every epoch: one row per epoch and split, the terms in nats
 * per image, and the training pass's seconds and images per second on the train rows. A split that
 * reports its own figures (a sampler's {@code samples: class_entropy}) gets its own columns, empty
 * on the other rows.
 */
public final class MetricsCsvWriter implements TrainingListener {

    private final Path file;

    public MetricsCsvWriter(Path file) {
        this.file = file;
    }

    @Override
    public void onEpochEnd(EpochResult result, List<EpochResult> history) throws IOException {
        List<String> terms = new ArrayList<>(result.metrics().get("train").keySet());
        for (Map<String, Double> split : result.metrics().values()) { // e.g. samples: class_entropy
            split.keySet().stream().filter(t -> !terms.contains(t)).forEach(terms::add);
        }
        StringBuilder csv = new StringBuilder(
                "epoch,split," + String.join(",", terms) + ",seconds,images_per_second,resident_mb\n");
        for (EpochResult r : history) {
            for (Map.Entry<String, Map<String, Double>> split : r.metrics().entrySet()) {
                csv.append(r.epoch()).append(',').append(split.getKey());
                for (String term : terms) {
                    Double v = split.getValue().get(term);
                    csv.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6f", v));
                }
                if (split.getKey().equals("train")) {
                    csv.append(String.format(
                            Locale.ROOT, ",%.4f,%.1f,%.1f%n", r.trainSeconds(), r.imagesPerSecond(), r.residentMb()));
                } else {
                    csv.append(",,,\n");
                }
            }
        }
        AtomicFiles.writeString(file, csv.toString());
    }
}
