package genmodels.cli;

import genmodels.errors.UserError;

/** The one range check of numeric options: every refusal reads "OPTION must be in [MIN, MAX], found V". */
final class OptionRange {

    private OptionRange() {}

    /**
     * @param option the option as typed, e.g. {@code --parallel}
     * @throws UserError when {@code value} is outside [min, max]
     */
    static void require(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UserError(option + " must be in [" + min + ", " + max + "], found " + value);
        }
    }
}
