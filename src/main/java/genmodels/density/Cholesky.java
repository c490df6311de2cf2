package genmodels.density;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The Cholesky factor of a symmetric positive-definite d x d matrix S = L L^T (EJML), with what a
 * Gaussian-shaped density needs from it: the precision factor P = L^{-T}, so that the squared
 * Mahalanobis distance is |(x - mu) P|^2, and log |S| = 2 sum_i log L_ii.
 *
 * @param lower L, d x d row-major, lower triangular
 * @param precision P = L^{-T}, d x d row-major, upper triangular
 * @param logDet log |S|
 */
public record Cholesky(double[] lower, double[] precision, double logDet) {

    /**
     * @param symmetric S, d x d row-major (only its lower triangle is read)
     * @return the factor, or empty when S is not positive definite
     */
    public static Optional<Cholesky> of(double[] symmetric, int d) {
        DMatrixRMaj s = new DMatrixRMaj(d, d, true, symmetric);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(s)) {
            return Optional.empty();
        }
        double[] l = chol.getT(null).data;
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                l[i * d + j] = 0;
            }
            logDet += 2 * Math.log(l[i * d + i]);
        }
        double[] inverse = l.clone();
        TriangularSolver_DDRM.invertLower(inverse, d);
        double[] p = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                p[i * d + j] = inverse[j * d + i];
            }
        }
        return Optional.of(new Cholesky(l, p, logDet));
    }
}
