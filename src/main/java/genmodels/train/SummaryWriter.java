package genmodels.train;

import genmodels.io.Headline;
import genmodels.io.Json;
import genmodels.io.Provenance;
import genmodels.models.Term;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code summary.json} after the last epoch, in the shape every command shares:
 * {@code train.<metric>}, {@code test.<metric>} (and {@code validation.<metric>}) from the last
 * epoch, then {@code epochs}, {@code epoch_seconds} (mean training seconds per epoch) and
 * {@code images_per_second} (mean over epochs), then {@link #entries}: the headline figure, the
 * terms' units and the provenance.
 */
public final class SummaryWriter implements TrainingListener {

    private final Path file;
    private final Map<String, Object> extra;

    /**
     * @param file summary.json
     * @param extra entries appended after the shared ones (command, model, units, device)
     */
    public SummaryWriter(Path file, Map<String, Object> extra) {
        this.file = file;
        this.extra = extra;
    }

    /** @return the summary of a finished run, in the shared shape */
    public static Map<String, Object> summarize(List<EpochResult> history, Map<String, Object> extra) {
        EpochResult last = history.get(history.size() - 1);
        Map<String, Object> summary = new LinkedHashMap<>(last.metrics());
        summary.put("epochs", last.epoch());
        summary.put(
                "epoch_seconds",
                history.stream()
                        .mapToDouble(EpochResult::trainSeconds)
                        .average()
                        .orElse(0));
        summary.put(
                "images_per_second",
                history.stream()
                        .mapToDouble(EpochResult::imagesPerSecond)
                        .average()
                        .orElse(0));
        summary.putAll(extra);
        return summary;
    }

    @Override
    public void onTrainingEnd(List<EpochResult> history) throws IOException {
        Json.write(file, summarize(history, extra));
    }

    /**
     * @param headline the headline entry ({@link Headline#entry} or {@link Headline#none})
     * @param terms every reported term, for their units
     * @param provenance how the run was made
     * @return {@code headline}, {@code units} (each term's unit), {@code reductions} and {@code provenance}
     */
    public static Map<String, Object> entries(Map<String, Object> headline, List<Term> terms, Provenance provenance) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("headline", headline);
        Map<String, String> units = new LinkedHashMap<>();
        terms.forEach(t -> units.put(t.name(), t.unit()));
        out.put("units", units);
        out.put(
                "reductions",
                "validation and test figures are means over the split; train figures the running mean"
                        + " over each epoch's batches");
        out.put("provenance", provenance);
        return out;
    }
}
