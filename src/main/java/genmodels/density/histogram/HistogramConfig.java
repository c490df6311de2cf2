package genmodels.density.histogram;

import com.fasterxml.jackson.annotation.JsonInclude;
import genmodels.config.Checks;
import genmodels.config.ModelConfig;

/**
 * The {@code model} section of {@code fit histogram}.
 *
 * @param type always {@code histogram}
 * @param bins equal intervals per axis, or null for Sturges' ceil(log2 n) + 1
 */
public record HistogramConfig(
        String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer bins) implements ModelConfig {

    public HistogramConfig {
        Checks.oneOf("type", type, "histogram");
        if (bins != null) {
            Checks.inRange("bins", bins, 1, 100_000);
        }
    }
}
