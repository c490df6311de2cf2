package genmodels.density.gmm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import genmodels.config.OptimizerConfig;
import genmodels.engine.Reductions;
import genmodels.errors.UserError;
import genmodels.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Fits a Gaussian mixture by maximising the mean log-likelihood directly with Adam (full batch),
 * as an alternative to EM on the same objective. The parameters are unconstrained: weights are
 * softmax(logits); variances (diag, spherical) are softplus(rho); full and tied covariances are
 * parameterised by their precision Cholesky factor P (Sigma^{-1} = P P^T, upper triangular) with
 * a softplus diagonal, so the log-density needs only products, log det Sigma^{-1/2} = sum log
 * diag P. It starts from the same initialisation as EM (one M-step from the initial
 * responsibilities). {@code reg_covar} is not used: positivity comes from the softplus.
 */
public final class GradientFit {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private GradientFit() {}

    /**
     * When the gradient fit stops: after {@code steps} Adam steps, or earlier once the mean
     * log-likelihood has improved by less than {@code tol} nats over the last {@code window} steps
     * (a single step's change says little for Adam, whose early steps can be tiny and whose late
     * ones oscillate; EM's one-iteration rule stopped the three-bumps fit after 5 steps, 0.017
     * nats short of EM's optimum).
     *
     * @param steps the most Adam steps, &gt;= 1
     * @param window steps over which the improvement is measured, &gt;= 1
     * @param tol the smallest improvement over the window that keeps the fit going, nats per sample
     */
    public record Stopping(int steps, int window, double tol) {
        public Stopping {
            if (steps < 1 || window < 1 || !(tol >= 0)) {
                throw new IllegalArgumentException(
                        "steps and window must be >= 1 and tol >= 0, got " + steps + ", " + window + ", " + tol);
            }
        }

        /**
         * @param history mean log-likelihood before each step so far, the newest last
         * @return whether the newest value improved on the one {@code window} steps back by less than tol
         */
        public boolean converged(List<Double> history) {
            return improvement(history) < tol; // false while NaN
        }

        /**
         * @param history mean log-likelihood before each step so far, the newest last
         * @return the newest value less the one {@code window} steps back, NaN before a full window
         */
        public double improvement(List<Double> history) {
            int t = history.size() - 1;
            return t >= window ? history.get(t) - history.get(t - window) : Double.NaN;
        }
    }

    /**
     * @param x data, [n, d]
     * @param options K, covariance type, initialisation, seed
     * @param optimizer Adam's learning rate and betas
     * @param stopping the step budget and the window rule
     * @return the fitted mixture; history holds the mean log-likelihood before each step
     */
    public static GaussianMixture fit(NDArray x, GmmOptions options, OptimizerConfig optimizer, Stopping stopping) {
        return fit(x, options, optimizer, stopping, GaussianMixture.Iterations.NONE);
    }

    /**
     * {@link #fit(NDArray, GmmOptions, OptimizerConfig, Stopping)}, reporting every step.
     *
     * @param steps told each step's number, the budget, the mean log-likelihood before it and its
     *     change over the window (NaN before a full window)
     */
    public static GaussianMixture fit(
            NDArray x,
            GmmOptions options,
            OptimizerConfig optimizer,
            Stopping stopping,
            GaussianMixture.Iterations steps) {
        long n = x.getShape().get(0);
        int k = options.components();
        if (n < k) {
            throw new UserError("fitting " + k + " mixture components needs at least " + k + " points, got " + n);
        }
        // n_init restarts from one generator, as EM's: the best final mean log-likelihood wins
        Random random = new Random(options.seed());
        GaussianMixture best = null;
        for (int restart = 0; restart < options.nInit(); restart++) {
            GaussianMixture fitted = fitOnce(x, options, optimizer, stopping, random, steps);
            if (best == null || fitted.lowerBound() > best.lowerBound()) {
                best = fitted;
            }
        }
        return best;
    }

    private static GaussianMixture fitOnce(
            NDArray x,
            GmmOptions options,
            OptimizerConfig optimizer,
            Stopping stopping,
            Random random,
            GaussianMixture.Iterations steps) {
        int k = options.components();
        CovarianceType type = options.covariance();
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray data = x.toType(DataType.FLOAT64, true);
            data.attach(scratch);
            int d = Math.toIntExact(data.getShape().get(1));
            Components start;
            try (NDManager step = scratch.newSubManager()) {
                step.tempAttachAll(data);
                NDArray resp = Initialization.responsibilities(data, k, options.init(), random);
                start = Components.maximize(data, resp, type, options.regCovar());
                if (options.init().equals("random_from_data")) {
                    start = randomMeans(data, start, type, options.regCovar());
                }
            }
            Unconstrained params = Unconstrained.from(start, scratch);
            Adam adam = Adam.forArrays(optimizer, params.parameters(), scratch);
            List<Double> history = new ArrayList<>();
            boolean converged = false;
            int iteration = 0;
            long stepsStart = System.nanoTime();
            while (iteration < stopping.steps()) {
                iteration++;
                double mean;
                try (NDManager step = scratch.newSubManager()) {
                    // the data and the parameters visit this step: everything computed from them
                    // (the whole autograd graph) is closed with it
                    step.tempAttachAll(data);
                    params.attachTo(step);
                    NDArray objective;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        objective = params.meanLogLikelihood(data, step).neg();
                        collector.backward(objective);
                    }
                    // the same guarded update as the networks': skipped on the device unless all is finite
                    mean = -adam.checkedStep(objective, List.of(), null).objective();
                }
                if (!Double.isFinite(mean)) {
                    throw new UserError("the gradient fit diverged (mean log-likelihood " + mean + " at step "
                            + iteration + "); lower train.optimizer.lr");
                }
                history.add(mean);
                steps.progress(iteration, stopping.steps(), mean, stopping.improvement(history));
                if (stopping.converged(history)) {
                    converged = true;
                    break;
                }
            }
            Components fitted = params.toComponents(type, k, d);
            double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
            return GaussianMixture.of(
                    fitted, h[h.length - 1], converged, iteration, h, (System.nanoTime() - stepsStart) / 1e9);
        }
    }

    /**
     * The lecture's random start for gradient ascent: the K distinct data points that
     * {@code random_from_data} picked as means, every covariance the data's covariance, equal
     * weights. (The M-step from their one-point responsibilities gives spikes of variance
     * {@code reg_covar}, which EM's next E-step widens at once but Adam steps of size lr on the
     * softplus parameters would take thousands of steps to.)
     *
     * @param spikes the M-step from the one-point responsibilities: its means are the picks
     */
    private static Components randomMeans(NDArray data, Components spikes, CovarianceType type, double regCovar) {
        long n = data.getShape().get(0);
        int k = spikes.k;
        NDArray uniform =
                data.getManager().ones(new Shape(n, k), DataType.FLOAT64).div(k);
        Components whole = Components.maximize(data, uniform, type, regCovar);
        return Components.of(type, k, spikes.d, whole.weights, spikes.means, whole.covariances);
    }

    /** The unconstrained parameters, each an array that requires gradients. */
    private static final class Unconstrained {
        final CovarianceType type;
        final int k;
        final int d;
        final NDArray logits; // [k]
        final NDArray means; // [k, d]
        final NDArray
                rho; // softplus(rho): diag of P (full/tied, [k or 1, d]) or variances (diag [k, d], spherical [k])
        final NDArray upper; // strictly upper part of P, [k or 1, d, d] (full/tied), else null
        final NDArray upperMask;
        final NDArray eye;

        private Unconstrained(
                CovarianceType type,
                int k,
                int d,
                NDArray logits,
                NDArray means,
                NDArray rho,
                NDArray upper,
                NDManager m) {
            this.type = type;
            this.k = k;
            this.d = d;
            this.logits = logits;
            this.means = means;
            this.rho = rho;
            this.upper = upper;
            double[] mask = new double[d * d];
            double[] identity = new double[d * d];
            for (int i = 0; i < d; i++) {
                identity[i * d + i] = 1;
                for (int j = i + 1; j < d; j++) {
                    mask[i * d + j] = 1;
                }
            }
            this.upperMask = m.create(mask, new Shape(1, d, d));
            this.eye = m.create(identity, new Shape(1, d, d));
            for (NDArray p : parameters()) {
                p.setRequiresGradient(true);
            }
        }

        /** Temporarily moves the parameters and constants into {@code step}. */
        void attachTo(NDManager step) {
            List<NDArray> all = new ArrayList<>(parameters());
            all.add(upperMask);
            all.add(eye);
            step.tempAttachAll(all.toArray(NDArray[]::new));
        }

        List<NDArray> parameters() {
            List<NDArray> list = new ArrayList<>(List.of(logits, means, rho));
            if (upper != null) {
                list.add(upper);
            }
            return list;
        }

        /** softplus^{-1}(v) = log(exp(v) - 1), stable for large v. */
        private static double inverseSoftplus(double v) {
            return v > 30 ? v : Math.log(Math.expm1(v));
        }

        static Unconstrained from(Components c, NDManager m) {
            double[] logits = new double[c.k];
            for (int i = 0; i < c.k; i++) {
                logits[i] = Math.log(c.weights[i]);
            }
            NDArray means = m.create(c.means.clone(), new Shape(c.k, c.d));
            if (c.type == CovarianceType.FULL || c.type == CovarianceType.TIED) {
                int blocks = c.type == CovarianceType.FULL ? c.k : 1;
                double[] rho = new double[blocks * c.d];
                double[] upper = new double[blocks * c.d * c.d];
                for (int b = 0; b < blocks; b++) {
                    for (int i = 0; i < c.d; i++) {
                        rho[b * c.d + i] = inverseSoftplus(c.precisionCholesky[b * c.d * c.d + i * c.d + i]);
                        for (int j = i + 1; j < c.d; j++) {
                            upper[b * c.d * c.d + i * c.d + j] = c.precisionCholesky[b * c.d * c.d + i * c.d + j];
                        }
                    }
                }
                return new Unconstrained(
                        c.type,
                        c.k,
                        c.d,
                        m.create(logits),
                        means,
                        m.create(rho, new Shape(blocks, c.d)),
                        m.create(upper, new Shape(blocks, c.d, c.d)),
                        m);
            }
            double[] rho = new double[c.covariances.length];
            for (int i = 0; i < rho.length; i++) {
                rho[i] = inverseSoftplus(c.covariances[i]);
            }
            Shape shape = c.type == CovarianceType.DIAG ? new Shape(c.k, c.d) : new Shape(c.k);
            return new Unconstrained(c.type, c.k, c.d, m.create(logits), means, m.create(rho, shape), null, m);
        }

        /** @return P = strict upper part + diag(softplus(rho)), [blocks, d, d] */
        private NDArray precisionCholesky() {
            NDArray diagonal = rho.getNDArrayInternal().softPlus().expandDims(1); // [blocks, 1, d]
            return upper.mul(upperMask).add(eye.mul(diagonal));
        }

        /**
         * The mean over points of log sum_k w_k N(x | mu_k, Sigma_k), differentiable in the
         * parameters. Constants are arrays held by {@code step} until backward is done.
         */
        NDArray meanLogLikelihood(NDArray x, NDManager step) {
            NDArray logWeights = logits.logSoftmax(0).expandDims(0); // [1, k]
            NDArray half = step.create(-0.5);
            NDArray constant = step.create(-0.5 * d * LOG_2PI);
            NDArray logProb;
            if (type == CovarianceType.FULL || type == CovarianceType.TIED) {
                NDArray p = precisionCholesky(); // [blocks, d, d]
                NDArray logDet = rho.getNDArrayInternal().softPlus().log().sum(new int[] {1}); // [blocks]
                NDList columns = new NDList();
                for (int c = 0; c < k; c++) {
                    int b = type == CovarianceType.FULL ? c : 0;
                    NDArray pk = p.get(b);
                    NDArray y = x.matMul(pk).sub(means.get(c).expandDims(0).matMul(pk));
                    columns.add(y.square().sum(new int[] {1}, true).mul(half).add(logDet.get(b)));
                }
                logProb = NDArrays.concat(columns, 1);
            } else {
                NDArray variance = rho.getNDArrayInternal().softPlus(); // [k, d] or [k]
                NDArray diffSquared;
                NDArray logVariance;
                if (type == CovarianceType.DIAG) {
                    NDArray precision = step.create(1.0).div(variance);
                    NDArray a = means.square().mul(precision).sum(new int[] {1}).expandDims(0);
                    NDArray b = x.matMul(means.mul(precision).transpose());
                    NDArray c = x.square().matMul(precision.transpose());
                    diffSquared = a.sub(b.mul(step.create(2.0))).add(c);
                    logVariance = variance.log().sum(new int[] {1}).expandDims(0);
                } else {
                    NDArray precision = step.create(1.0).div(variance).expandDims(0); // [1, k]
                    NDArray a = means.square().sum(new int[] {1}).expandDims(0);
                    NDArray b = x.matMul(means.transpose()).mul(step.create(2.0));
                    NDArray c = x.square().sum(new int[] {1}, true);
                    diffSquared = a.sub(b).add(c).mul(precision);
                    logVariance = variance.log().mul(step.create((double) d)).expandDims(0);
                }
                logProb = diffSquared.add(logVariance).mul(half);
            }
            NDArray weighted = logProb.add(constant).add(logWeights); // [n, k]
            return Reductions.logSumExp(weighted).mean();
        }

        Components toComponents(CovarianceType type, int k, int d) {
            double[] weights = logits.softmax(0).toDoubleArray();
            double[] mu = means.toDoubleArray();
            double[] covariances;
            if (type == CovarianceType.FULL || type == CovarianceType.TIED) {
                int blocks = type == CovarianceType.FULL ? k : 1;
                double[] p = precisionCholesky().toDoubleArray();
                covariances = new double[blocks * d * d];
                for (int b = 0; b < blocks; b++) {
                    DMatrixRMaj pb =
                            new DMatrixRMaj(d, d, true, java.util.Arrays.copyOfRange(p, b * d * d, (b + 1) * d * d));
                    DMatrixRMaj precision = new DMatrixRMaj(d, d);
                    CommonOps_DDRM.multTransB(pb, pb, precision);
                    DMatrixRMaj sigma = new DMatrixRMaj(d, d);
                    if (!CommonOps_DDRM.invertSPD(precision, sigma)) {
                        throw new UserError(
                                "the gradient fit ended with a singular covariance; lower train.optimizer.lr");
                    }
                    System.arraycopy(sigma.data, 0, covariances, b * d * d, d * d);
                }
            } else {
                covariances = rho.getNDArrayInternal().softPlus().toDoubleArray();
            }
            return Components.of(type, k, d, weights, mu, covariances);
        }
    }
}
