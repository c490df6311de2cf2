package genmodels.density.gaussian;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.errors.UserError;
import genmodels.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.OptionalLong;
import java.util.Random;

/**
 * One multivariate Gaussian fitted by maximum likelihood: the sample mean and the covariance with
 * divisor n (Bishop, Pattern Recognition and Machine Learning, eqs. 2.121-2.122), plus {@value
 * #REG_COVAR} on the diagonal as scikit-learn's {@code reg_covar}, so that flat data still give a
 * density. It scores and samples as a one-component mixture.
 */
public final class Gaussian implements Density {

    /** The registry entry. */
    public static final DensityFamily FAMILY = new DensityFamily(
            "gaussian",
            "one Gaussian by maximum likelihood (sample mean, covariance over n)",
            (x, random) -> fit(x),
            Gaussian::load,
            new DensityFamily.Command<>(
                    "gaussian-mnist-pca2.yaml", GaussianConfig.class, (config, x, random) -> fit(x)));

    /** The mean and the covariance. */
    public static final String FILE = "gaussian.json";

    /** Added to the covariance's diagonal. */
    public static final double REG_COVAR = 1e-6;

    private final double[] mean;
    private final double[] covariance;
    private final GaussianMixture asMixture;

    private Gaussian(double[] mean, double[] covariance) {
        this.mean = mean;
        this.covariance = covariance;
        this.asMixture =
                GaussianMixture.fromParameters(CovarianceType.FULL, 1, mean.length, new double[] {1}, mean, covariance);
    }

    /**
     * @param x training points [n, d], n at least 1
     * @return the maximum-likelihood Gaussian
     */
    public static Gaussian fit(NDArray x) {
        long n = x.getShape().get(0);
        int d = Math.toIntExact(x.getShape().get(1));
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray points = x.toType(DataType.FLOAT64, true);
            points.attach(scratch);
            NDArray mu = points.mean(new int[] {0});
            NDArray centred = points.sub(mu);
            double[] cov = centred.transpose().matMul(centred).div(n).toDoubleArray();
            for (int j = 0; j < d; j++) {
                cov[j * d + j] += REG_COVAR;
            }
            return new Gaussian(mu.toDoubleArray(), cov);
        }
    }

    /** @return the mean [d] */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the covariance, d x d row-major, regularised */
    public double[] covariance() {
        return covariance.clone();
    }

    @Override
    public int dimension() {
        return mean.length;
    }

    @Override
    public NDArray scoreSamples(NDArray x) {
        return asMixture.scoreSamples(x);
    }

    @Override
    public NDArray sample(NDManager manager, int n, Random random) {
        return asMixture.sample(manager, n, random);
    }

    /** @return d + d (d + 1) / 2: the mean and the symmetric covariance */
    @Override
    public OptionalLong freeParameters() {
        long d = mean.length;
        return OptionalLong.of(d + d * (d + 1) / 2);
    }

    @Override
    public void save(Path folder) throws IOException {
        var json = new LinkedHashMap<String, Object>();
        json.put("mean", mean);
        json.put("covariance", covariance);
        Json.write(folder.resolve(FILE), json);
    }

    /** @return the Gaussian {@link #save} wrote into {@code folder} */
    public static Gaussian load(Path folder, NDManager manager) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserError(folder + " holds no " + FILE + "; was the fit complete?");
        }
        JsonNode json = Json.mapper().readTree(file.toFile());
        return new Gaussian(
                Json.mapper().treeToValue(json.path("mean"), double[].class),
                Json.mapper().treeToValue(json.path("covariance"), double[].class));
    }
}
