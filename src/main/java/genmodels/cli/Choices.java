package genmodels.cli;

/**
 * The fixed sets of values that options take, as enums: picocli refuses anything else with the
 * list, completes them and shows them in {@code --help}. Constants are spelled as typed.
 */
final class Choices {

    private Choices() {}

    /** {@code encode --split}: a split as the run made it. */
    enum Split {
        train,
        validation,
        test
    }

    /** {@code encode --format}. */
    enum CodeFormat {
        csv,
        npy
    }

    /** {@code sample --format}. */
    enum ImageFormat {
        png,
        npy,
        both
    }

    /** {@code sample --sampler}, {@code evaluate --sampler}: where the latent draws come from. */
    enum Sampler {
        prior,
        gmm,
        normal
    }

    /** {@code sweep --executor}. */
    enum Executor {
        local,
        slurm
    }

    /** {@code course --budget}. */
    enum Budget {
        small,
        full
    }
}
