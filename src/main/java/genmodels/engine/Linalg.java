package genmodels.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;

/**
 * libtorch's LAPACK-backed linear algebra that DJL's NDArray does not expose, called through a
 * TorchScript module: the symmetric eigendecomposition ({@code torch.linalg.eigh}, LAPACK's
 * {@code syevd}). On a 784 x 784 covariance it took 0.11-0.21 s here, EJML's Java implementation
 * 0.53-0.69 s.
 */
public final class Linalg {

    static final String METHODS = """
              def eigh(self: __torch__.Linalg, a: Tensor) -> Tensor:
                values, vectors = torch.linalg_eigh(a, "L")
                return torch.cat([torch.unsqueeze(values, 0), vectors], 0)
            """;

    private Linalg() {}

    /**
     * The eigendecomposition of a symmetric matrix, A = V diag(w) V^T (only its lower triangle is
     * read).
     *
     * @param symmetric [d, d], float32 or float64, on any device
     * @return row-major float64 [(d + 1) * d]: row 0 the eigenvalues w in ascending order, rows 1..d
     *     the matrix V whose column j is the unit eigenvector of w_j
     */
    public static double[] eigh(NDArray symmetric) {
        try (PtNDManager scope = (PtNDManager) symmetric.getManager().newSubManager()) {
            PtSymbolBlock module = TorchScript.load(scope, "Linalg", METHODS);
            NDArray a = symmetric.toType(DataType.FLOAT64, false);
            if (a != symmetric) {
                a.attach(scope);
            }
            try (IValue in = IValue.from((PtNDArray) a);
                    IValue out = IValueUtils.runMethod(module, "eigh", in)) {
                NDArray result = out.toTensor(scope);
                return result.toDoubleArray();
            }
        }
    }
}
