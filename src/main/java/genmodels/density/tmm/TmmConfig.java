package genmodels.density.tmm;

import genmodels.config.Checks;
import genmodels.config.ModelConfig;

/**
 * The {@code model} section of {@code fit tmm}.
 *
 * @param type always {@code tmm}
 * @param components K, the number of Student-t components
 * @param dof nu, the degrees of freedom shared by the components (fixed, not fitted): small values
 *     give heavy tails, and nu to infinity is the Gaussian mixture
 * @param maxIter EM iterations at most
 * @param tol stop when the mean log-likelihood per point improves by less than this (nats)
 * @param regCovar added to each covariance's diagonal, as scikit-learn's {@code reg_covar}
 */
public record TmmConfig(String type, int components, double dof, int maxIter, double tol, double regCovar)
        implements ModelConfig {

    public TmmConfig {
        Checks.oneOf("type", type, "tmm");
        Checks.inRange("components", components, 1, 1000);
        Checks.inRange("dof", dof, 0.1, 1e6);
        Checks.inRange("max_iter", maxIter, 1, 100_000);
        Checks.inRange("tol", tol, 0, 1);
        Checks.inRange("reg_covar", regCovar, 0, 1);
    }
}
