package genmodels.cli;

/** Process exit codes. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A bug or an environment failure (not the user's input). */
    public static final int INTERNAL = 1;
    /** Bad usage or bad input: a bad option, config, or data file. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
