package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between two Gaussians fitted to feature sets (Fréchet 1957; Dowson &amp;
 * Landau 1982), as Heusel et al. (NeurIPS 2017) use it on Inception features for FID. Here the
 * features come from this project's small classifier, so the number is a classifier-feature
 * Fréchet distance, comparable only between runs that use the same classifier.
 *
 * <p>d^2 = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^{1/2}), with tr((S1 S2)^{1/2}) computed
 * from the eigenvalues of a symmetric matrix similar to S1 S2 (EJML; see {@link #traceSqrtProduct}).
 */
public final class FrechetDistance {

    /**
     * Mean and covariance of a feature set.
     *
     * @param mean [d]
     * @param covariance [d * d] row-major, unbiased (1/(n-1))
     */
    public record Moments(double[] mean, double[] covariance) {
        public int dimension() {
            return mean.length;
        }
    }

    private FrechetDistance() {}

    /**
     * @param features [n, d], n >= 2
     * @return their mean and unbiased covariance (computed on the engine in float64)
     */
    public static Moments moments(NDArray features) {
        long n = features.getShape().get(0);
        try (NDManager scratch = features.getManager().newSubManager()) {
            NDArray x = features.toType(DataType.FLOAT64, true);
            x.attach(scratch);
            NDArray mu = x.mean(new int[] {0});
            NDArray centred = x.sub(mu);
            return new Moments(
                    mu.toDoubleArray(),
                    centred.transpose().matMul(centred).div(n - 1).toDoubleArray());
        }
    }

    /**
     * @return the squared Fréchet distance between the Gaussians of two feature sets: |mu1 - mu2|^2
     *     + tr(S1) + tr(S2) - 2 tr((S1 S2)^{1/2}), in squared feature units
     */
    public static double squared(Moments a, Moments b) {
        return squared(a, b, null);
    }

    /**
     * {@link #squared(Moments, Moments)} with the two D x D products on the engine: worth it for
     * large D (at D = 2,048 EJML's products took 20 s of 27 on 2 cores; libtorch's BLAS well under
     * one). The decompositions stay EJML's.
     *
     * @param manager where the products run (the run's device), or null for EJML's products
     */
    public static double squared(Moments a, Moments b, NDManager manager) {
        int d = a.dimension();
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
        }
        double traces = 0;
        for (int i = 0; i < d; i++) {
            traces += a.covariance()[i * d + i] + b.covariance()[i * d + i];
        }
        DMatrixRMaj s1 = new DMatrixRMaj(d, d, true, a.covariance());
        DMatrixRMaj s2 = new DMatrixRMaj(d, d, true, b.covariance());
        return Math.max(0, meanTerm + traces - 2 * traceSqrtProduct(s1, s2, manager));
    }

    /**
     * tr((S1 S2)^{1/2}) of two symmetric positive semi-definite matrices: the sum of the square
     * roots of the eigenvalues of S1 S2, which equal those of the symmetric matrix L^T S2 L when S1 =
     * L L^T (Cholesky), or of S1^{1/2} S2 S1^{1/2} when S1 is singular. The same number as the trace
     * of SciPy's {@code sqrtm(S1 @ S2)} (pytorch-fid) and torchmetrics' sum of {@code
     * sqrt(eigvals(S1 @ S2))}; eigenvalues below 0 (rounding) count as 0.
     */
    public static double traceSqrtProduct(DMatrixRMaj s1, DMatrixRMaj s2, NDManager manager) {
        int d = s1.numRows;
        DMatrixRMaj left = cholesky(s1);
        if (left == null) {
            left = symmetricSqrt(s1);
        }
        DMatrixRMaj product = transposedSandwich(left, s2, manager);
        symmetrize(product);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(product)) {
            throw new IllegalStateException("eigendecomposition failed in the Fréchet distance");
        }
        double sum = 0;
        for (int i = 0; i < d; i++) {
            sum += Math.sqrt(Math.max(0, eig.getEigenvalue(i).getReal()));
        }
        return sum;
    }

    /** @return the lower Cholesky factor L of s (s = L L^T), or null when s is not positive definite */
    private static DMatrixRMaj cholesky(DMatrixRMaj s) {
        DMatrixRMaj copy = s.copy();
        symmetrize(copy);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(s.numRows, true);
        if (!chol.decompose(copy)) {
            return null;
        }
        DMatrixRMaj l = chol.getT(null);
        for (int i = 0; i < l.numRows; i++) {
            if (!(l.get(i, i) > 0) || !Double.isFinite(l.get(i, i))) {
                return null;
            }
        }
        return l;
    }

    /** @return the symmetric square root V diag(sqrt(max(0, lambda))) V^T of a symmetric matrix */
    static DMatrixRMaj symmetricSqrt(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        DMatrixRMaj copy = s.copy();
        symmetrize(copy);
        if (!eig.decompose(copy)) {
            throw new IllegalStateException("eigendecomposition failed in the Fréchet distance");
        }
        DMatrixRMaj scaled = new DMatrixRMaj(d, d);
        DMatrixRMaj vectors = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double root = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                vectors.set(i, k, v.get(i));
                scaled.set(i, k, root * v.get(i));
            }
        }
        DMatrixRMaj result = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(scaled, vectors, result);
        return result;
    }

    /** @return L^T S L in float64: on the engine when a manager is given, else with EJML */
    static DMatrixRMaj transposedSandwich(DMatrixRMaj left, DMatrixRMaj s, NDManager manager) {
        int d = left.numRows;
        if (manager == null) {
            DMatrixRMaj tmp = new DMatrixRMaj(d, d);
            DMatrixRMaj product = new DMatrixRMaj(d, d);
            CommonOps_DDRM.multTransA(left, s, tmp);
            CommonOps_DDRM.mult(tmp, left, product);
            return product;
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray l = m.create(left.getData(), new Shape(d, d));
            NDArray middle = m.create(s.getData(), new Shape(d, d));
            return new DMatrixRMaj(
                    d, d, true, l.transpose().matMul(middle).matMul(l).toDoubleArray());
        }
    }

    private static void symmetrize(DMatrixRMaj m) {
        int d = m.numRows;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, v);
                m.set(j, i, v);
            }
        }
    }
}
