package genmodels.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run's headline figure: the first test figure its summary.json reports (test -ELBO for a VAE,
 * reconstruction for the autoencoders, accuracy for the classifier, mean log-likelihood for the
 * density fits).
 *
 * @param key the figure's name
 * @param value its value
 */
public record Headline(String key, double value) {

    /** @return the headline of a finished run, or null when its summary.json has no test figure */
    public static Headline of(Path runDir) throws IOException {
        Path summary = runDir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            return null;
        }
        JsonNode test = Json.mapper().readTree(summary.toFile()).path("test");
        var fields = test.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNumber()) {
                return new Headline(f.getKey(), f.getValue().asDouble());
            }
        }
        return null;
    }

    /** @return whether larger values of this figure are better (likelihoods, accuracy) */
    public static boolean higherIsBetter(String key) {
        return key.contains("log_likelihood") || key.contains("accuracy");
    }
}
