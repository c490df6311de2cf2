package genmodels.density;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A fitted probability density on R^d, the contract every fit keeps (after scikit-learn's {@code
 * BaseMixture}: {@code score_samples}, {@code score}, {@code sample}); {@link DensityFamily} says
 * how one is fitted with defaults and read back. {@link Densities#ALL} lists them, and the common
 * checks run on each (save then load scores identically; samples have the declared shape and follow
 * the random source alone; the score is finite on the training points).
 */
public interface Density {

    /** @return the dimension d of the points */
    int dimension();

    /**
     * @param x points [n, d], any float type, on any device
     * @return the log-density of each point in nats, [n] float64 on x's device ({@code -Infinity}
     *     where the density is 0)
     */
    NDArray scoreSamples(NDArray x);

    /**
     * @param x points [n, d]
     * @return the mean log-density per point, in nats (the average log-likelihood)
     */
    default double score(NDArray x) {
        try (NDArray s = scoreSamples(x)) {
            double sum = 0;
            for (double v :
                    s.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray()) {
                sum += v;
            }
            return sum / s.size();
        }
    }

    /**
     * @param manager where the draws live
     * @param n how many points
     * @param random the only source of randomness: the same seed gives the same draws
     * @return n independent draws, [n, d] (float64; float32 for a mixture)
     */
    NDArray sample(NDManager manager, int n, Random random);

    /**
     * @return the number of free parameters (for BIC and AIC), or empty when the density has no fixed
     *     number (a kernel density estimate grows with its data)
     */
    OptionalLong freeParameters();

    /**
     * Writes what {@link DensityFamily#load} needs into {@code folder} (a run directory), each file
     * atomically; the scores of the loaded density equal this one's exactly.
     */
    void save(Path folder) throws IOException;
}
