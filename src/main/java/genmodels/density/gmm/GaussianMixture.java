package genmodels.density.gmm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.density.Density;
import genmodels.density.DensityFamily;
import genmodels.density.Draws;
import genmodels.engine.Reductions;
import genmodels.errors.UserError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A fitted Gaussian mixture, p(x) = sum_k w_k N(x | mu_k, Sigma_k). Fitting by EM (Dempster, Laird
 * &amp; Rubin 1977) runs on the engine in float64 and in log space (log-sum-exp over components), so
 * 784-dimensional pixels do not underflow; covariance factorisations come from EJML. Immutable: the
 * parameters and how the fit went (lower bound, iterations, convergence, per-iteration history).
 */
public final class GaussianMixture implements Density {

    /** The registry entry: full covariances, two components, k-means++ starts, by EM. */
    public static final DensityFamily FAMILY = new DensityFamily(
            "gmm",
            "Gaussian mixture by EM (Dempster, Laird & Rubin 1977) or by gradient ascent",
            (x, random) -> fit(x, GmmOptions.defaults(2, CovarianceType.FULL, random.nextLong())),
            (folder, manager) -> MixtureFile.read(folder));

    private final Components components;
    private final double lowerBound;
    private final boolean converged;
    private final int nIter;
    private final double[] history;
    private final double emSeconds;

    /**
     * A mixture from saved parameters (as {@code fit-gmm} writes them to gmm.json).
     *
     * @param weights [K]
     * @param means [K * d], row-major
     * @param covariances full [K*d*d], tied [d*d], diag [K*d], spherical [K], row-major
     * @throws UserError if a covariance is not positive definite
     */
    public static GaussianMixture fromParameters(
            CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances) {
        return new GaussianMixture(
                Components.of(type, k, d, weights, means, covariances), Double.NaN, true, 0, new double[0], 0);
    }

    /** A fitted mixture from its parameters and how the fit went (for the gradient fit). */
    static GaussianMixture of(
            Components components, double lowerBound, boolean converged, int nIter, double[] history, double seconds) {
        return new GaussianMixture(components, lowerBound, converged, nIter, history, seconds);
    }

    private GaussianMixture(
            Components components,
            double lowerBound,
            boolean converged,
            int nIter,
            double[] history,
            double iterationSeconds) {
        this.components = components;
        this.lowerBound = lowerBound;
        this.converged = converged;
        this.nIter = nIter;
        this.history = history;
        this.emSeconds = iterationSeconds;
    }

    /**
     * Fits by EM: {@code nInit} restarts, each initialised as {@link GmmOptions#init} says, then
     * alternating E-steps (responsibilities, the posterior probability of each component for each
     * point) and M-steps until the mean log-likelihood changes by less than {@code tol} or
     * {@code maxIter} iterations; the restart with the best final lower bound is kept. With one
     * component this is the closed-form maximum-likelihood Gaussian (sample mean, 1/N covariance).
     *
     * @param x data, [n, d] (any float type), n >= components
     * @param options K, covariance type, initialisation, restarts, tolerance, regularisation, seed
     * @return the fitted mixture
     * @throws UserError if there are fewer points than components, the data are not finite, or a
     *     covariance collapses
     */
    public static GaussianMixture fit(NDArray x, GmmOptions options) {
        return fit(x, options, Iterations.NONE);
    }

    /** Told before and after each EM iteration (the thread count is chosen on the first ones). */
    public interface Iterations {
        /** Before an iteration. */
        void before();

        /** @param seconds how long the iteration took */
        void after(double seconds);

        /**
         * @param iteration the iteration just done, from 1
         * @param maxIter the most there will be
         * @param lowerBound the mean log-likelihood per sample it reached, nats
         * @param change its change from the previous iteration
         */
        default void progress(int iteration, int maxIter, double lowerBound, double change) {}

        /**
         * @return whether {@link #snapshot} should be called (building the snapshots costs a little)
         */
        default boolean wantsSnapshots() {
            return false;
        }

        /**
         * The mixture after an iteration's M-step (iteration 0: after the initialisation).
         *
         * @param restart the restart (0 .. n_init - 1) it belongs to
         * @param iteration the EM iterations done
         * @param current the parameters then, with the lower bound reached before that M-step
         */
        default void snapshot(int restart, int iteration, GaussianMixture current) {}

        /** Nothing. */
        Iterations NONE = new Iterations() {
            @Override
            public void before() {}

            @Override
            public void after(double seconds) {}
        };
    }

    /**
     * {@link #fit(NDArray, GmmOptions)}, telling {@code iterations} about each EM iteration.
     */
    public static GaussianMixture fit(NDArray x, GmmOptions options, Iterations iterations) {
        long n = x.getShape().get(0);
        int k = options.components();
        if (n < k) {
            throw new UserError("fitting " + k + " mixture components needs at least " + k + " points, got " + n);
        }
        Random random = new Random(options.seed());
        GaussianMixture best = null;
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray data = x.toType(DataType.FLOAT64, true);
            data.attach(scratch);
            if (!Double.isFinite(data.abs().max().getDouble())) {
                throw new UserError("the data to fit hold NaN or infinite values");
            }
            for (int restart = 0; restart < options.nInit(); restart++) {
                GaussianMixture fitted = runEm(data, options, random, iterations, restart);
                if (best == null || fitted.lowerBound > best.lowerBound) {
                    best = fitted;
                }
            }
        }
        return best;
    }

    private static GaussianMixture runEm(
            NDArray x, GmmOptions options, Random random, Iterations iterations, int restart) {
        NDManager parent = x.getManager();
        Components params;
        try (NDManager step = parent.newSubManager()) {
            step.tempAttachAll(x); // arrays computed from x now live (and die) in this step
            NDArray resp = Initialization.responsibilities(x, options.components(), options.init(), random);
            params = Components.maximize(x, resp, options.covariance(), options.regCovar());
        }
        double lower = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        List<Double> history = new ArrayList<>();
        int iteration = 0;
        if (iterations.wantsSnapshots()) {
            iterations.snapshot(restart, 0, new GaussianMixture(params, lower, false, 0, new double[0], 0));
        }
        long start = System.nanoTime();
        while (iteration < options.maxIter()) {
            iteration++;
            double previous = lower;
            iterations.before();
            long iterationStart = System.nanoTime();
            try (NDManager step = parent.newSubManager()) {
                step.tempAttachAll(x);
                NDArray weighted = params.weightedLogProb(x);
                NDArray logNorm = Reductions.logSumExp(weighted);
                lower = logNorm.mean().getDouble();
                NDArray resp = weighted.sub(logNorm.expandDims(1)).exp();
                params = Components.maximize(x, resp, options.covariance(), options.regCovar());
            }
            iterations.after((System.nanoTime() - iterationStart) / 1e9);
            history.add(lower);
            iterations.progress(iteration, options.maxIter(), lower, lower - previous);
            if (iterations.wantsSnapshots()) {
                iterations.snapshot(
                        restart, iteration, new GaussianMixture(params, lower, false, iteration, new double[0], 0));
            }
            if (Math.abs(lower - previous) < options.tol()) {
                converged = true;
                break;
            }
        }
        return new GaussianMixture(
                params,
                lower,
                converged,
                iteration,
                history.stream().mapToDouble(Double::doubleValue).toArray(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Points an {@link #iterationKernel} runs on. */
    static final long TIMING_ROWS = 8192;

    /**
     * A representative piece of {@link #fit}'s work, for choosing the thread count: one EM
     * iteration (E-step and M-step) on the first {@value #TIMING_ROWS} points, from random
     * responsibilities drawn once.
     *
     * @param x the points to be fitted, [n, d]
     * @param options K and the covariance type
     * @param scope owns the slice and the responsibilities; close it after timing
     */
    public static Runnable iterationKernel(NDArray x, GmmOptions options, NDManager scope) {
        long rows = Math.min(TIMING_ROWS, x.getShape().get(0));
        NDArray slice = x.get(scope, new ai.djl.ndarray.index.NDIndex().addSliceDim(0, rows))
                .toType(DataType.FLOAT64, true);
        slice.attach(scope);
        int k = (int) Math.min(options.components(), rows);
        NDArray start = Initialization.responsibilities(slice, k, "random", new Random(options.seed()));
        return () -> {
            try (NDManager step = scope.newSubManager()) {
                step.tempAttachAll(slice, start);
                Components params = Components.maximize(slice, start, options.covariance(), options.regCovar());
                NDArray weighted = params.weightedLogProb(slice);
                NDArray logNorm = Reductions.logSumExp(weighted);
                logNorm.mean().getDouble();
                Components.maximize(
                        slice, weighted.sub(logNorm.expandDims(1)).exp(), options.covariance(), options.regCovar());
            }
        };
    }

    /**
     * Log-density of each point, log p(x_i), in nats.
     *
     * @param x [n, d]
     * @return float64 [n], in the manager of x
     */
    @Override
    public NDArray scoreSamples(NDArray x) {
        return Reductions.logSumExp(components.weightedLogProb(x.toType(DataType.FLOAT64, false)));
    }

    /** @return the mean log-likelihood per sample of x, nats */
    @Override
    public double score(NDArray x) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(scratch);
            return scoreSamples(xs).mean().getDouble();
        }
    }

    /**
     * Responsibilities: the posterior probability of each component for each point.
     *
     * @param x [n, d]
     * @return float64 [n, K], rows summing to 1
     */
    public NDArray responsibilities(NDArray x) {
        NDArray weighted = components.weightedLogProb(x.toType(DataType.FLOAT64, false));
        return weighted.sub(Reductions.logSumExp(weighted).expandDims(1)).exp();
    }

    /**
     * Draws points: component counts from the weights, then {@code mu_k + L_k eps} with eps ~ N(0, I)
     * from {@code random}, the only source of the draws.
     *
     * @param manager where the samples are created
     * @param n number of points
     * @param random draws the component counts
     * @return float32 [n, d]
     */
    @Override
    public NDArray sample(NDManager manager, int n, Random random) {
        int k = components.k;
        int d = components.d;
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int c = 0;
            double cumulative = components.weights[0];
            while (u > cumulative && c < k - 1) {
                c++;
                cumulative += components.weights[c];
            }
            counts[c]++;
        }
        NDList parts = new NDList();
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                continue;
            }
            NDArray eps = Draws.standardNormal(manager, random, counts[c], d);
            NDArray mu =
                    manager.create(java.util.Arrays.copyOfRange(components.means, c * d, (c + 1) * d), new Shape(1, d));
            NDArray scaled;
            switch (components.type) {
                case FULL:
                case TIED: {
                    int off = components.type == CovarianceType.FULL ? c * d * d : 0;
                    NDArray l = manager.create(
                            java.util.Arrays.copyOfRange(components.covarianceCholesky, off, off + d * d),
                            new Shape(d, d));
                    scaled = eps.matMul(l.transpose());
                    break;
                }
                case DIAG:
                    scaled = eps.mul(manager.create(
                            java.util.Arrays.copyOfRange(components.covarianceCholesky, c * d, (c + 1) * d),
                            new Shape(1, d)));
                    break;
                default:
                    scaled = eps.mul(manager.create(components.covarianceCholesky[c]));
                    break;
            }
            parts.add(scaled.add(mu));
        }
        return NDArrays.concat(parts, 0).toType(DataType.FLOAT32, false);
    }

    /** @return free parameters: covariances, means, and K - 1 weights */
    public long parameterCount() {
        return components.type.parameterCount(components.k, components.d);
    }

    /**
     * Bayesian information criterion (Schwarz 1978), {@code -2 N score(x) + p ln N}; lower is better.
     */
    public double bic(NDArray x) {
        return bic(score(x), x.getShape().get(0));
    }

    /**
     * @param meanLogLikelihood {@link #score} of the N points, nats
     * @param n N, the number of points
     * @return the Bayesian information criterion {@code -2 N score + p ln N}, without scoring again
     */
    public double bic(double meanLogLikelihood, long n) {
        return -2 * meanLogLikelihood * n + parameterCount() * Math.log(n);
    }

    /** Akaike information criterion (Akaike 1974), {@code -2 N score(x) + 2 p}; lower is better. */
    public double aic(NDArray x) {
        return aic(score(x), x.getShape().get(0));
    }

    /**
     * @param meanLogLikelihood {@link #score} of the N points, nats
     * @param n N, the number of points
     * @return the Akaike information criterion {@code -2 N score + 2 p}, without scoring again
     */
    public double aic(double meanLogLikelihood, long n) {
        return -2 * meanLogLikelihood * n + 2 * parameterCount();
    }

    /** @return mixing weights, [K] */
    public double[] weights() {
        return components.weights.clone();
    }

    /** @return means, [K][d] */
    public double[][] means() {
        double[][] out = new double[components.k][];
        for (int c = 0; c < components.k; c++) {
            out[c] = java.util.Arrays.copyOfRange(components.means, c * components.d, (c + 1) * components.d);
        }
        return out;
    }

    /**
     * @return covariances, flat row-major: full [K*d*d], tied [d*d], diag [K*d], spherical [K]
     */
    public double[] covariances() {
        return components.covariances.clone();
    }

    /**
     * @param c a component
     * @return its d x d covariance, whatever the parameterisation (diag and spherical on the diagonal,
     *     tied shared by all)
     */
    public double[][] covariance(int c) {
        int d = components.d;
        double[] flat = components.covariances;
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i][j] = switch (components.type) {
                    case FULL -> flat[c * d * d + i * d + j];
                    case TIED -> flat[i * d + j];
                    case DIAG -> i == j ? flat[c * d + i] : 0;
                    case SPHERICAL -> i == j ? flat[c] : 0;
                };
            }
        }
        return s;
    }

    /** @return the covariance parameterisation */
    public CovarianceType covarianceType() {
        return components.type;
    }

    /** @return K */
    public int nComponents() {
        return components.k;
    }

    /** @return d */
    @Override
    public int dimension() {
        return components.d;
    }

    /** @return the mean log-likelihood per sample at the last E-step of the kept restart, nats */
    public double lowerBound() {
        return lowerBound;
    }

    /** @return whether the kept restart met the tolerance before maxIter */
    public boolean converged() {
        return converged;
    }

    /** @return EM iterations of the kept restart */
    public int nIter() {
        return nIter;
    }

    /**
     * @return wall-clock seconds of the kept restart's iterations (E-step + M-step, or gradient
     *     steps), its initialisation excluded; 0 for a mixture built from saved parameters
     */
    public double iterationSeconds() {
        return emSeconds;
    }

    /** @return mean log-likelihood per sample after each E-step of the kept restart, nats */
    public double[] history() {
        return history.clone();
    }

    @Override
    public OptionalLong freeParameters() {
        return OptionalLong.of(parameterCount());
    }

    /** Writes {@value MixtureFile#FILE} into {@code folder}. */
    @Override
    public void save(Path folder) throws IOException {
        MixtureFile.write(folder, this, null);
    }
}
