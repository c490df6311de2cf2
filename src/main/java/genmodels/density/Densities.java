package genmodels.density;

import genmodels.density.gaussian.Gaussian;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.histogram.HistogramDensity;
import genmodels.density.kde.KernelDensity;
import genmodels.density.pca.ProbabilisticPca;
import genmodels.density.tmm.StudentTMixture;
import java.util.List;
import java.util.Optional;

/** Every {@link Density} family, one line each: the common checks and the fits loop over this list. */
public final class Densities {

    /** The registered families, simplest first. */
    public static final List<DensityFamily> ALL = List.of(
            Gaussian.FAMILY,
            HistogramDensity.FAMILY,
            KernelDensity.FAMILY,
            GaussianMixture.FAMILY,
            StudentTMixture.FAMILY,
            ProbabilisticPca.FAMILY);

    private Densities() {}

    /** @return the family of {@code type} ({@code gmm}, {@code kde}, ...) */
    public static Optional<DensityFamily> byType(String type) {
        return ALL.stream().filter(f -> f.type().equals(type)).findFirst();
    }
}
