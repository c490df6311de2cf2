package genmodels.density.kde;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;

/**
 * The {@code model} section of {@code fit-kde}.
 *
 * @param type always {@code kde}
 * @param bandwidth {@code scott}, {@code silverman}, {@code cv} or a positive number: the factor f
 *     of SciPy's {@code gaussian_kde}, whose kernel covariance is f^2 times the data covariance
 */
public record KdeConfig(String type, String bandwidth) implements ModelConfig {

    public KdeConfig {
        Checks.oneOf("type", type, "kde");
        Checks.present("bandwidth", bandwidth);
        if (!bandwidth.matches("scott|silverman|cv")) {
            double f;
            try {
                f = Double.parseDouble(bandwidth);
            } catch (NumberFormatException e) {
                f = Double.NaN;
            }
            if (!(f > 0) || !Double.isFinite(f)) {
                throw new ConfigException("bandwidth", "must be scott, silverman, cv or a positive number, found '"
                        + bandwidth + "'");
            }
        }
    }
}
