package genmodels.errors;

/**
 * A mistake the user can fix: a bad config value, a missing data file, an output directory that
 * already exists. The command line prints {@link #getMessage()} as one line and exits with code 2,
 * without a stack trace unless {@code --stacktrace} is given.
 *
 * <p>The message says what is wrong, where (file, key, line when known) and how to fix it.
 */
public class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what is wrong, where, and how to fix it
     */
    public UserError(String message) {
        super(message);
    }

    /**
     * @param message one line: what is wrong, where, and how to fix it
     * @param cause the underlying exception, shown only with {@code --stacktrace}
     */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param ok the condition a valid input meets
     * @param message what {@link UserError} says when it does not
     * @throws UserError when {@code ok} is false
     */
    public static void unless(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message);
        }
    }
}
