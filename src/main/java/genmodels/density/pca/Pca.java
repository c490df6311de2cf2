package genmodels.density.pca;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A fitted principal component analysis (Pearson 1901; Hotelling 1933): the mean and covariance
 * are computed on the engine, the symmetric eigendecomposition of the covariance by EJML.
 * Immutable.
 */
public final class Pca {

    private final double[] mean;
    private final double[][] components;
    private final double[] explainedVariance;
    private final double totalVariance;

    private Pca(double[] mean, double[][] components, double[] explainedVariance, double totalVariance) {
        this.mean = mean;
        this.components = components;
        this.explainedVariance = explainedVariance;
        this.totalVariance = totalVariance;
    }

    /**
     * Fits all components.
     *
     * @param x data, [n, d] (float32 or float64), n >= 2
     * @return the fitted PCA, components sorted by decreasing explained variance
     */
    public static Pca fit(NDArray x) {
        long n = x.getShape().get(0);
        int d = Math.toIntExact(x.getShape().get(1));
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 points, got " + n);
        }
        double[] mean;
        double[] covariance;
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray data = x.toType(DataType.FLOAT64, true);
            data.attach(scratch);
            NDArray mu = data.mean(new int[] {0});
            NDArray centred = data.sub(mu);
            // unbiased covariance, as scikit-learn's explained_variance_
            NDArray cov = centred.transpose().matMul(centred).div(n - 1);
            mean = mu.toDoubleArray();
            covariance = cov.toDoubleArray();
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(new DMatrixRMaj(d, d, true, covariance))) {
            throw new IllegalStateException("eigendecomposition of the covariance failed");
        }
        Integer[] order = new Integer[d];
        double[] values = new double[d];
        double total = 0;
        for (int i = 0; i < d; i++) {
            order[i] = i;
            values[i] = Math.max(0, eig.getEigenvalue(i).getReal());
            total += values[i];
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[][] components = new double[d][];
        double[] explained = new double[d];
        for (int i = 0; i < d; i++) {
            DMatrixRMaj v = eig.getEigenVector(order[i]);
            components[i] = signFixed(v.getData().clone());
            explained[i] = values[order[i]];
        }
        return new Pca(mean, components, explained, total);
    }

    /** Makes the largest-magnitude entry positive, so results do not flip between runs. */
    private static double[] signFixed(double[] v) {
        int arg = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[arg])) {
                arg = i;
            }
        }
        if (v[arg] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
        return v;
    }

    /**
     * Projects onto the first {@code k} components: {@code (x - mean) W_k}.
     *
     * @param x [n, d]
     * @param k number of components
     * @return float32 [n, k] in the manager of x
     */
    public NDArray transform(NDArray x, int k) {
        NDManager m = x.getManager();
        NDArray w = componentMatrix(m, k);
        NDArray mu = m.create(mean).reshape(1, mean.length);
        return x.toType(DataType.FLOAT64, false).sub(mu).matMul(w).toType(DataType.FLOAT32, false);
    }

    /** @return [d, k] float64, the first k components as columns */
    private NDArray componentMatrix(NDManager m, int k) {
        int d = mean.length;
        double[] w = new double[d * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                w[i * k + j] = components[j][i];
            }
        }
        return m.create(w, new Shape(d, k));
    }

    /** @return variance along each component (eigenvalues of the covariance), decreasing */
    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    /** @return each component's share of the total variance */
    public double[] explainedVarianceRatio() {
        double[] ratio = new double[explainedVariance.length];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = totalVariance > 0 ? explainedVariance[i] / totalVariance : 0;
        }
        return ratio;
    }

    /** @return the k-th principal axis, a unit vector of length d */
    public double[] component(int k) {
        return components[k].clone();
    }

    /** @return the data mean, length d */
    public double[] mean() {
        return mean.clone();
    }
}
