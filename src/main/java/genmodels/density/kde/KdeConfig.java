package genmodels.density.kde;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;
import java.util.List;

/**
 * The {@code model} section of {@code fit-kde}.
 *
 * @param type always {@code kde}
 * @param bandwidth one or more of {@code scott}, {@code silverman}, {@code cv} or a positive
 *     number: the factor f of SciPy's {@code gaussian_kde}, whose kernel covariance is f^2 times the
 *     data covariance. A list fits one KDE per entry, scores each on the held-out points and
 *     overlays their densities in one plot; the best held-out one is the run's fit.
 * @param histogramBins also fit the histogram estimator with this many equal intervals per axis
 *     beside the kernel estimate (its held-out score; histogram.png for 1-D points); null for none
 */
public record KdeConfig(
        String type,
        List<String> bandwidth,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Integer histogramBins)
        implements ModelConfig {

    public KdeConfig {
        Checks.oneOf("type", type, "kde");
        Checks.present("bandwidth", bandwidth);
        if (bandwidth.isEmpty()) {
            throw new ConfigException("bandwidth", "must list at least one bandwidth, e.g. scott or [0.1, 0.3, scott]");
        }
        for (String b : bandwidth) {
            check(b);
        }
        if (bandwidth.stream().distinct().count() != bandwidth.size()) {
            throw new ConfigException("bandwidth", "must not repeat a value, found " + bandwidth);
        }
        bandwidth = List.copyOf(bandwidth);
        if (histogramBins != null) {
            Checks.inRange("histogram_bins", histogramBins, 1, 100_000);
        }
    }

    /** A kernel estimate only. */
    public KdeConfig(String type, List<String> bandwidth) {
        this(type, bandwidth, null);
    }

    private static void check(String bandwidth) {
        if (bandwidth == null || !bandwidth.matches("scott|silverman|cv")) {
            double f;
            try {
                f = bandwidth == null ? Double.NaN : Double.parseDouble(bandwidth);
            } catch (NumberFormatException e) {
                f = Double.NaN;
            }
            if (!(f > 0) || !Double.isFinite(f)) {
                throw new ConfigException(
                        "bandwidth",
                        "entries must be scott, silverman, cv or a positive number, found '" + bandwidth + "'");
            }
        }
    }
}
