package genmodels.density.gmm;

import com.fasterxml.jackson.databind.JsonNode;
import genmodels.errors.UserError;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted mixture on disk: {@value #FILE} in its run folder, with the covariance type, K, d, the
 * weights [K], means [K][d] and covariances shaped by type (full [K][d][d], tied [d][d], diag
 * [K][d], spherical [K]), and how the fit went. Doubles are written in their shortest exact form,
 * so a mixture read back scores as the one written.
 */
public final class MixtureFile {

    /** The file's name in a run folder. */
    public static final String FILE = "gmm.json";

    private MixtureFile() {}

    /**
     * Writes {@value #FILE} into {@code folder}, atomically.
     *
     * @param method how it was fitted (em or gradient), or null
     */
    public static void write(Path folder, GaussianMixture gmm, String method) throws IOException {
        Json.write(folder.resolve(FILE), parameters(gmm, method));
    }

    /** @return the fitted parameters as JSON: weights, means, covariances shaped by type */
    static Map<String, Object> parameters(GaussianMixture gmm, String method) {
        Map<String, Object> json = new LinkedHashMap<>();
        int k = gmm.nComponents();
        int d = gmm.dimension();
        json.put("covariance_type", gmm.covarianceType().configName());
        json.put("n_components", k);
        json.put("dimension", d);
        if (method != null) {
            json.put("method", method);
        }
        json.put("converged", gmm.converged());
        json.put("n_iter", gmm.nIter());
        json.put("lower_bound", gmm.lowerBound());
        json.put("weights", gmm.weights());
        json.put("means", gmm.means());
        double[] c = gmm.covariances();
        Object covariances = switch (gmm.covarianceType()) {
            case FULL -> {
                double[][][] full = new double[k][d][d];
                for (int i = 0; i < k; i++) {
                    for (int r = 0; r < d; r++) {
                        System.arraycopy(c, (i * d + r) * d, full[i][r], 0, d);
                    }
                }
                yield full;
            }
            case TIED -> {
                double[][] tied = new double[d][d];
                for (int r = 0; r < d; r++) {
                    System.arraycopy(c, r * d, tied[r], 0, d);
                }
                yield tied;
            }
            case DIAG -> {
                double[][] diag = new double[k][d];
                for (int i = 0; i < k; i++) {
                    System.arraycopy(c, i * d, diag[i], 0, d);
                }
                yield diag;
            }
            case SPHERICAL -> c;
        };
        json.put("covariances", covariances);
        return json;
    }

    /**
     * @param folder the run folder {@link #write} wrote into
     * @return the mixture of its {@value #FILE}
     * @throws UserError when the file is missing or unreadable
     */
    public static GaussianMixture read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + " is missing; was the fit-gmm run complete?");
        }
        try {
            JsonNode json = Json.mapper().readTree(file.toFile());
            CovarianceType type =
                    CovarianceType.fromConfig(json.path("covariance_type").asText());
            int k = json.path("n_components").asInt();
            int d = json.path("dimension").asInt();
            return GaussianMixture.fromParameters(
                    type,
                    k,
                    d,
                    flatten(json.path("weights")),
                    flatten(json.path("means")),
                    flatten(json.path("covariances")));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(file + " is not a readable fit-gmm parameter file: " + e.getMessage(), e);
        }
    }

    private static double[] flatten(JsonNode node) {
        java.util.List<Double> values = new java.util.ArrayList<>();
        collect(node, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode node, java.util.List<Double> values) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, values));
        } else {
            values.add(node.asDouble());
        }
    }
}
