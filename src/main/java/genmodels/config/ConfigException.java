package genmodels.config;

import genmodels.errors.UserError;

/**
 * A config value that is not allowed. Thrown by the config records themselves with the key
 * relative to their section ({@code "epochs"}); {@link ConfigLoader} rethrows it as a
 * {@link UserError} whose message carries the full key ({@code train.epochs}), the file and line.
 */
public final class ConfigException extends UserError {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    /**
     * @param key the key relative to the section that rejected it, e.g. {@code "epochs"}
     * @param problem what is wrong and what is allowed, e.g. {@code "must be >= 1, found 0"}
     */
    public ConfigException(String key, String problem) {
        super(key + " " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** @return the key relative to the section that rejected it */
    public String key() {
        return key;
    }

    /** @return what is wrong and what is allowed, without the key */
    public String problem() {
        return problem;
    }
}
