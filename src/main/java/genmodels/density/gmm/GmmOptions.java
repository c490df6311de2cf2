package genmodels.density.gmm;

/**
 * How to fit a Gaussian mixture by EM.
 *
 * @param components K, the number of components
 * @param covariance covariance parameterisation
 * @param init {@code kmeans++} (k-means++ seeding then Lloyd's iterations; responsibilities are the
 *     cluster assignments, as scikit-learn's default {@code kmeans}), {@code random} (random
 *     responsibilities) or {@code random_from_data} (K data points as the initial means)
 * @param nInit restarts from different initialisations; the fit with the best lower bound is kept
 * @param maxIter most EM iterations per restart
 * @param tol convergence when the mean log-likelihood per sample changes by less than this (nats)
 * @param regCovar added to the covariances' diagonals, keeping them positive definite
 * @param seed seeds the initialisation
 */
public record GmmOptions(
        int components,
        CovarianceType covariance,
        String init,
        int nInit,
        int maxIter,
        double tol,
        double regCovar,
        long seed) {

    /** Initialisations accepted by {@link #init}. */
    public static final String[] INITS = {"kmeans++", "random", "random_from_data"};

    /** @return scikit-learn's defaults for K components of the given type, with k-means++ initialisation */
    public static GmmOptions defaults(int components, CovarianceType covariance, long seed) {
        return new GmmOptions(components, covariance, "kmeans++", 1, 100, 1e-3, 1e-6, seed);
    }
}
