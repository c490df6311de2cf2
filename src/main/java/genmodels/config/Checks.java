package genmodels.config;

import java.util.Arrays;
import java.util.List;

/**
 * Validation helpers for the config records' compact constructors. Each returns the value it
 * checked, or throws a {@link ConfigException} naming the key, the value and what is allowed.
 */
public final class Checks {

    private Checks() {}

    /** Rejects a missing (null) value. */
    public static <T> T present(String key, T value) {
        if (value == null) {
            throw new ConfigException(key, "is missing; give it a value");
        }
        return value;
    }

    /** Requires {@code min <= value <= max}. */
    public static int inRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be an integer in [" + min + ", " + max + "], found " + value);
        }
        return value;
    }

    /** Requires a finite number in {@code [min, max]}. */
    public static double inRange(String key, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value > max) {
            throw new ConfigException(key, "must be a number in [" + min + ", " + max + "], found " + value);
        }
        return value;
    }

    /** Requires a finite number with {@code min < value <= max}. */
    public static double aboveAtMost(String key, double value, double min, double max) {
        if (!Double.isFinite(value) || value <= min || value > max) {
            throw new ConfigException(key, "must be a number in (" + min + ", " + max + "], found " + value);
        }
        return value;
    }

    /** Requires {@code value} to be one of {@code allowed} (exact, lower case). */
    public static String oneOf(String key, String value, String... allowed) {
        present(key, value);
        if (!Arrays.asList(allowed).contains(value)) {
            throw new ConfigException(key, "must be one of " + String.join(", ", allowed) + ", found '" + value + "'");
        }
        return value;
    }

    /** Requires a non-empty list of integers, each in {@code [min, max]}; returns an immutable copy. */
    public static List<Integer> sizes(String key, List<Integer> values, int min, int max) {
        present(key, values);
        if (values.isEmpty()) {
            throw new ConfigException(key, "must list at least one size, found []");
        }
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            if (v == null || v < min || v > max) {
                throw new ConfigException(
                        key, "entries must be integers in [" + min + ", " + max + "], found " + values);
            }
        }
        return List.copyOf(values);
    }
}
