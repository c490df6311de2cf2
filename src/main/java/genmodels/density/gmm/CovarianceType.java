package genmodels.density.gmm;

import java.util.Locale;

/** How the components' covariances are parameterised (the four of scikit-learn's GaussianMixture). */
public enum CovarianceType {
    /** Each component its own full covariance matrix. */
    FULL,
    /** Each component its own diagonal covariance. */
    DIAG,
    /** Each component a single variance (a multiple of the identity). */
    SPHERICAL,
    /** One full covariance matrix shared by all components. */
    TIED;

    /** @return the config name, e.g. {@code full} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the type named in a config */
    public static CovarianceType fromConfig(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * Free parameters of a mixture (for BIC and AIC): covariances, means, and K - 1 weights.
     *
     * @param k components
     * @param d dimensions
     * @return the count
     */
    public long parameterCount(int k, int d) {
        long covariance = switch (this) {
            case FULL -> (long) k * d * (d + 1) / 2;
            case DIAG -> (long) k * d;
            case SPHERICAL -> k;
            case TIED -> (long) d * (d + 1) / 2;
        };
        return covariance + (long) k * d + k - 1;
    }
}
