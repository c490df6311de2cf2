package genmodels.errors;

/**
 * The machine, not the input, is not ready: the PyTorch native library cannot be loaded, a CUDA
 * runtime is missing. The command line prints {@link #getMessage()} as one line, with what to do,
 * and exits with code 1.
 */
public class EnvironmentError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what failed and what to do
     * @param cause the underlying exception, shown only with {@code --stacktrace}
     */
    public EnvironmentError(String message, Throwable cause) {
        super(message, cause);
    }
}
