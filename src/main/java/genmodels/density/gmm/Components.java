package genmodels.density.gmm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.errors.UserError;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The parameters of a Gaussian mixture in double precision, with the factorisations scoring and
 * sampling need: the Cholesky factor L of each covariance (Sigma = L L^T, from EJML) and the
 * precision Cholesky P = L^{-T} (Sigma^{-1} = P P^T), as scikit-learn keeps {@code
 * precisions_cholesky_}. Flat row-major arrays; their layout depends on the covariance type:
 * full K*d*d, tied d*d, diag K*d, spherical K. Immutable.
 */
final class Components {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * Points per block in the full and tied E- and M-steps: with K = 10 and d = 50 a block's
     * temporaries are 4,096 x 500 doubles (16 MB), small enough to be reused by the allocator.
     */
    static final long ROWS = 4096;

    final CovarianceType type;
    final int k;
    final int d;
    final double[] weights;
    final double[] means;
    final double[] covariances;
    final double[] covarianceCholesky;
    final double[] precisionCholesky;
    /** log det P per component = -(1/2) log det Sigma. */
    final double[] logDetPrecision;

    private Components(CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances) {
        this.type = type;
        this.k = k;
        this.d = d;
        this.weights = weights;
        this.means = means;
        this.covariances = covariances;
        this.logDetPrecision = new double[k];
        if (type == CovarianceType.FULL || type == CovarianceType.TIED) {
            int blocks = type == CovarianceType.FULL ? k : 1;
            covarianceCholesky = new double[blocks * d * d];
            precisionCholesky = new double[blocks * d * d];
            for (int b = 0; b < blocks; b++) {
                factor(b);
            }
            if (type == CovarianceType.TIED) {
                java.util.Arrays.fill(logDetPrecision, logDetPrecision[0]);
            }
        } else {
            covarianceCholesky = new double[covariances.length];
            precisionCholesky = new double[covariances.length];
            int perComponent = type == CovarianceType.DIAG ? d : 1;
            for (int c = 0; c < k; c++) {
                double sum = 0;
                for (int j = 0; j < perComponent; j++) {
                    double variance = covariances[c * perComponent + j];
                    if (!(variance > 0)) {
                        throw collapsed(c);
                    }
                    covarianceCholesky[c * perComponent + j] = Math.sqrt(variance);
                    precisionCholesky[c * perComponent + j] = 1 / Math.sqrt(variance);
                    sum += Math.log(precisionCholesky[c * perComponent + j]);
                }
                logDetPrecision[c] = type == CovarianceType.DIAG ? sum : d * sum;
            }
        }
    }

    /**
     * @param weights [k], summing to 1
     * @param means [k * d]
     * @param covariances layout by type, regularisation already added
     */
    static Components of(CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances) {
        return new Components(type, k, d, weights, means, covariances);
    }

    /** Cholesky of covariance block b, and its inverse transposed. */
    private void factor(int b) {
        int off = b * d * d;
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        System.arraycopy(covariances, off, sigma.data, 0, d * d);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(sigma)) {
            throw collapsed(b);
        }
        DMatrixRMaj lower = chol.getT(null);
        double[] l = lower.data;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                l[i * d + j] = 0;
            }
            if (!(l[i * d + i] > 0)) {
                throw collapsed(b);
            }
        }
        System.arraycopy(l, 0, covarianceCholesky, off, d * d);
        double[] inverse = l.clone();
        TriangularSolver_DDRM.invertLower(inverse, d);
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                precisionCholesky[off + i * d + j] = inverse[j * d + i]; // P = L^{-T}, upper triangular
            }
            logDet += Math.log(inverse[i * d + i]);
        }
        logDetPrecision[b] = logDet;
    }

    private UserError collapsed(int component) {
        return new UserError("fitting the Gaussian mixture failed: the covariance of "
                + (type == CovarianceType.TIED ? "the mixture" : "component " + component)
                + " is not positive definite (a component collapsed onto a few points); increase reg_covar or use"
                + " fewer components");
    }

    /**
     * log w_k + log N(x | mu_k, Sigma_k) for every point and component, computed as
     * {@code -(d/2) log 2 pi + log det P_k - (1/2) ||x P_k - mu_k P_k||^2}. For full and tied
     * covariances the points go through in blocks of {@link #ROWS}, each block multiplied by every
     * P_k at once ({@code [rows, d] x [d, K d]}, one matrix product per block instead of one per
     * component, and temporaries that stay small).
     *
     * @param x float64 [n, d]
     * @return float64 [n, k] in the manager of x
     */
    NDArray weightedLogProb(NDArray x) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        NDArray mu = m.create(means, new Shape(k, d));
        NDArray mahalanobis;
        switch (type) {
            case FULL:
            case TIED:
                mahalanobis = fullMahalanobis(x);
                break;
            case DIAG: {
                NDArray precision = m.create(precisionCholesky, new Shape(k, d)).square();
                NDArray a = mu.square().mul(precision).sum(new int[] {1}).expandDims(0);
                NDArray b = x.matMul(mu.mul(precision).transpose());
                NDArray c = x.square().matMul(precision.transpose());
                mahalanobis = a.sub(b.mul(m.create(2.0))).add(c);
                break;
            }
            default: { // SPHERICAL
                NDArray precision = m.create(precisionCholesky, new Shape(1, k)).square();
                NDArray a = mu.square().sum(new int[] {1}).expandDims(0);
                NDArray b = x.matMul(mu.transpose()).mul(m.create(2.0));
                NDArray c = x.square().sum(new int[] {1}, true);
                mahalanobis = a.sub(b).add(c).mul(precision);
                break;
            }
        }
        double[] offsets = new double[k];
        for (int c = 0; c < k; c++) {
            offsets[c] = Math.log(weights[c]) - 0.5 * d * LOG_2PI + logDetPrecision[c];
        }
        return mahalanobis
                .mul(m.create(-0.5))
                .add(m.create(offsets, new Shape(1, k)))
                .reshape(n, k)
                .toType(DataType.FLOAT64, false);
    }

    /**
     * ||x P_k - mu_k P_k||^2 for full and tied covariances, the points in blocks of {@link #ROWS},
     * each block multiplied by every P_k at once ([rows, d] x [d, K d]).
     *
     * @return [n, k]
     */
    private NDArray fullMahalanobis(NDArray x) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        int blocks = type == CovarianceType.FULL ? k : 1;
        double[] sideBySide = new double[d * blocks * d]; // [d, blocks * d]: column block b is P_b
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < d; i++) {
                System.arraycopy(precisionCholesky, b * d * d + i * d, sideBySide, i * blocks * d + b * d, d);
            }
        }
        double[] shift = new double[k * d]; // mu_k P_k, [k, d]
        for (int c = 0; c < k; c++) {
            int off = type == CovarianceType.FULL ? c * d * d : 0;
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    sum += means[c * d + i] * precisionCholesky[off + i * d + j];
                }
                shift[c * d + j] = sum;
            }
        }
        NDArray p = m.create(sideBySide, new Shape(d, (long) blocks * d));
        NDArray muP = m.create(shift, new Shape(1, k, d));
        NDList parts = new NDList();
        for (long from = 0; from < n; from += ROWS) {
            long rows = Math.min(ROWS, n - from);
            NDArray y = x.get(new NDIndex().addSliceDim(from, from + rows))
                    .matMul(p)
                    .reshape(rows, blocks, d)
                    .sub(muP); // [rows, k, d] (tied: broadcast over k)
            parts.add(y.square().sum(new int[] {2}));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }

    /**
     * The M-step (Dempster, Laird &amp; Rubin 1977; Bishop 2006, eqs. 9.24-9.27): weights, means
     * and covariances that maximise the expected complete-data log-likelihood under the
     * responsibilities, with {@code regCovar} added to the covariances' diagonals.
     *
     * @param x float64 [n, d]
     * @param resp float64 [n, k], rows summing to 1
     */
    static Components maximize(NDArray x, NDArray resp, CovarianceType type, double regCovar) {
        NDManager m = x.getManager();
        long n = x.getShape().get(0);
        int d = Math.toIntExact(x.getShape().get(1));
        int k = Math.toIntExact(resp.getShape().get(1));
        NDArray nk = resp.sum(new int[] {0}).add(m.create(10 * Math.ulp(1.0))); // [k], no empty component divides by 0
        NDArray means = resp.transpose().matMul(x).div(nk.expandDims(1)); // [k, d]
        double[] covariances;
        switch (type) {
            case FULL: {
                // sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T for all k at once, block by block of points:
                // [k, rows, d] centred points, weighted, times themselves ([k, d, rows] x [k, rows, d])
                NDArray sums = null;
                NDArray centre = means.expandDims(1); // [k, 1, d]
                for (long from = 0; from < n; from += ROWS) {
                    NDIndex rows = new NDIndex().addSliceDim(from, Math.min(n, from + ROWS));
                    NDArray diff = x.get(rows).expandDims(0).sub(centre); // [k, rows, d]
                    NDArray weighted = diff.mul(resp.get(rows).transpose().expandDims(2));
                    NDArray block = weighted.transpose(0, 2, 1).matMul(diff); // [k, d, d]
                    sums = sums == null ? block : sums.addi(block);
                }
                covariances = sums.div(nk.reshape(k, 1, 1)).toDoubleArray();
                addToDiagonal(covariances, d, k, regCovar);
                break;
            }
            case TIED: {
                NDArray avgX2 = x.transpose().matMul(x);
                NDArray avgMeans2 = means.mul(nk.expandDims(1)).transpose().matMul(means);
                covariances = avgX2.sub(avgMeans2).div(nk.sum()).toDoubleArray();
                addToDiagonal(covariances, d, 1, regCovar);
                break;
            }
            default: { // DIAG and SPHERICAL
                NDArray avgX2 = resp.transpose().matMul(x.square()).div(nk.expandDims(1));
                NDArray avgXMeans = means.mul(resp.transpose().matMul(x)).div(nk.expandDims(1));
                NDArray variance = avgX2.sub(avgXMeans.mul(m.create(2.0)))
                        .add(means.square())
                        .add(m.create(regCovar));
                if (type == CovarianceType.SPHERICAL) {
                    variance = variance.mean(new int[] {1});
                }
                covariances = variance.toDoubleArray();
                break;
            }
        }
        double[] weights = nk.div(n).toDoubleArray();
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        for (int c = 0; c < k; c++) {
            weights[c] /= total;
        }
        return of(type, k, d, weights, means.toDoubleArray(), covariances);
    }

    private static void addToDiagonal(double[] blocks, int d, int count, double value) {
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < d; i++) {
                blocks[b * d * d + i * d + i] += value;
            }
        }
    }
}
