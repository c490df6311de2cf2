package genmodels.density.pca;

import genmodels.config.Checks;
import genmodels.config.ConfigException;
import genmodels.config.ModelConfig;

/**
 * The {@code model} section of {@code pca}.
 *
 * @param type always {@code pca}
 * @param nComponents a count (an integer >= 1) or a fraction of variance to keep (in (0, 1))
 * @param whiten scale each projected coordinate to unit variance
 * @param probabilistic also fit probabilistic PCA (Tipping &amp; Bishop 1999) with that many components
 */
public record PcaConfig(String type, double nComponents, boolean whiten, boolean probabilistic) implements ModelConfig {

    public PcaConfig {
        Checks.oneOf("type", type, "pca");
        if (!Double.isFinite(nComponents)
                || nComponents <= 0
                || (nComponents >= 1 && nComponents != Math.rint(nComponents))
                || nComponents > 1_000_000) {
            throw new ConfigException(
                    "n_components",
                    "must be a count (an integer >= 1) or a fraction of variance" + " in (0, 1), found " + nComponents);
        }
    }

    /**
     * @param pca the fitted PCA
     * @return the number of components: the count, capped at the dimension, or the fewest whose
     *     cumulative explained variance ratio reaches the fraction
     */
    public int components(Pca pca) {
        double[] ratio = pca.explainedVarianceRatio();
        if (nComponents >= 1) {
            return (int) Math.min(nComponents, ratio.length);
        }
        double cumulative = 0;
        for (int k = 0; k < ratio.length; k++) {
            cumulative += ratio[k];
            if (cumulative >= nComponents) {
                return k + 1;
            }
        }
        return ratio.length;
    }
}
