package genmodels.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which weights a derived figure came from: the epoch, the optimizer step and the sha256 of {@code
 * model.params}, as the run's {@code checkpoint.json} records them for its current weights. {@code
 * evaluate} writes one into eval.json (under {@value #KEY}, beside the run path under checkpoint); the report compares it with the run's current one and marks
 * figures made from older weights as stale.
 *
 * @param epoch the last finished epoch of those weights
 * @param step the optimizer steps taken
 * @param weightsSha256 the sha256 of model.params, hex
 */
public record CheckpointStamp(int epoch, long step, String weightsSha256) {

    /** The key under which eval.json holds the stamp. */
    public static final String KEY = "checkpoint_state";

    /**
     * @param runDir a training run directory
     * @return its current weights' stamp, from checkpoint.json; empty for a run without one (a fit)
     */
    public static Optional<CheckpointStamp> current(Path runDir) throws IOException {
        Path file = runDir.resolve("checkpoint.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return read(Json.mapper().readTree(file.toFile()));
    }

    /** @return the stamp an eval.json (or checkpoint.json) holds, or empty when it holds none */
    public static Optional<CheckpointStamp> recordedIn(JsonNode evaluation) {
        return evaluation == null ? Optional.empty() : read(evaluation.path(KEY));
    }

    private static Optional<CheckpointStamp> read(JsonNode node) {
        if (!node.path("weights_sha256").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new CheckpointStamp(
                node.path("epoch").asInt(),
                node.path("step").asLong(),
                node.path("weights_sha256").asText()));
    }

    /** @return the stamp as eval.json holds it: {@code epoch}, {@code step}, {@code weights_sha256} */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("step", step);
        m.put("weights_sha256", weightsSha256);
        return m;
    }

    /**
     * @param evaluation eval.json
     * @param runDir the run it belongs to
     * @return why eval.json's figures are out of date for the run's current weights, or empty when
     *     they are not (or the run has no checkpoint.json to compare with)
     */
    public static Optional<String> staleness(JsonNode evaluation, Path runDir) throws IOException {
        Optional<CheckpointStamp> now = current(runDir);
        if (now.isEmpty() || evaluation == null) {
            return Optional.empty();
        }
        Optional<CheckpointStamp> then = recordedIn(evaluation);
        if (then.isEmpty()) {
            return Optional.of("eval.json does not record which weights it evaluated (written before evaluate recorded"
                    + " them); the run's weights are now from epoch "
                    + now.get().epoch());
        }
        if (then.get().weightsSha256().equals(now.get().weightsSha256())) {
            return Optional.empty();
        }
        return Optional.of("eval.json was computed from epoch " + then.get().epoch() + " (step "
                + then.get().step()
                + "); the run's weights are now from epoch " + now.get().epoch() + " (step "
                + now.get().step()
                + ")");
    }
}
