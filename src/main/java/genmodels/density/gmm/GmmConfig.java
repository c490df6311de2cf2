package genmodels.density.gmm;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;
import java.util.List;

/**
 * The {@code model} section of {@code fit-gmm}.
 *
 * @param type always {@code gmm}
 * @param components K, or a list of K values to compare by BIC and AIC
 * @param covariance {@code full}, {@code diag}, {@code spherical} or {@code tied}
 * @param init {@code kmeans++}, {@code random} or {@code random_from_data}
 * @param nInit restarts, keeping the best lower bound
 * @param maxIter most EM iterations (or Adam steps for the gradient method)
 * @param tol stop when the mean log-likelihood per sample changes by less than this (nats)
 * @param regCovar added to the covariances' diagonals (EM)
 * @param method {@code em} or {@code gradient} (Adam on unconstrained parameters, with train.optimizer)
 * @param gradientSteps the gradient method's most Adam steps (null: 5000); max_iter is EM's
 * @param gradientWindow the gradient method stops once the mean log-likelihood improved by less than
 *     tol over this many steps (null: 100)
 */
public record GmmConfig(
        String type,
        List<Integer> components,
        String covariance,
        String init,
        int nInit,
        int maxIter,
        double tol,
        double regCovar,
        String method,
        Integer gradientSteps,
        Integer gradientWindow)
        implements ModelConfig {

    public GmmConfig {
        Checks.oneOf("type", type, "gmm");
        components = Checks.sizes("components", components, 1, 100_000);
        Checks.oneOf("covariance", covariance, "full", "diag", "spherical", "tied");
        Checks.oneOf("init", init, GmmOptions.INITS);
        Checks.inRange("n_init", nInit, 1, 10_000);
        Checks.inRange("max_iter", maxIter, 1, 10_000_000);
        Checks.inRange("tol", tol, 0, 1e6);
        Checks.inRange("reg_covar", regCovar, 0, 1e6);
        Checks.oneOf("method", method, "em", "gradient");
        gradientSteps = gradientSteps == null ? 5000 : gradientSteps;
        Checks.inRange("gradient_steps", gradientSteps, 1, 10_000_000);
        gradientWindow = gradientWindow == null ? 100 : gradientWindow;
        Checks.inRange("gradient_window", gradientWindow, 1, 10_000_000);
        if (components.stream().distinct().count() != components.size()) {
            throw new ConfigException("components", "must not repeat a value, found " + components);
        }
    }

    /** @return when the gradient method stops */
    public GradientFit.Stopping stopping() {
        return new GradientFit.Stopping(gradientSteps, gradientWindow, tol);
    }

    /** @return the EM options for K components, seeded */
    public GmmOptions options(int k, long seed) {
        return new GmmOptions(k, CovarianceType.fromConfig(covariance), init, nInit, maxIter, tol, regCovar, seed);
    }
}
