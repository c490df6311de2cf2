package genmodels.density;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * One kind of {@link Density} as the registry ({@link Densities}) knows it: its name, how to fit
 * it with default settings (what the common checks and quick uses need) and how to read one back
 * from a run folder.
 *
 * @param type the {@code model.type} of its configs, e.g. {@code gmm}
 * @param summary one line: the estimator and its source
 * @param fitter fits with default settings
 * @param loader reads what {@link Density#save} wrote
 */
public record DensityFamily(String type, String summary, Fitter fitter, Loader loader) {

    /** Fits a density of this family with its default settings. */
    @FunctionalInterface
    public interface Fitter {
        /**
         * @param x training points [n, d]
         * @param random the fit's only source of randomness (initialisation, subsets)
         */
        Density fit(NDArray x, Random random);
    }

    /** Reads a saved density back. */
    @FunctionalInterface
    public interface Loader {
        /**
         * @param folder the folder {@link Density#save} wrote into
         * @param manager where its arrays live
         * @throws genmodels.errors.UserError when the files are missing or unreadable
         */
        Density load(Path folder, NDManager manager) throws IOException;
    }
}
