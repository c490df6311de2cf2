package genmodels.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.data.ImageSplit;
import genmodels.density.gmm.CovarianceType;
import genmodels.density.gmm.GaussianMixture;
import genmodels.density.gmm.GmmOptions;
import genmodels.errors.UserError;
import genmodels.models.DecodedSampler;
import genmodels.models.GenerativeModel;
import genmodels.models.Sampler;
import genmodels.models.SamplingSettings;
import genmodels.runs.TrainedModel;
import genmodels.train.LatentSpaceWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The one place that knows the sampler names {@code --sampler} takes, and builds each for a trained
 * model:
 *
 * <ul>
 *   <li>{@code prior}: the model's own generative process ({@link
 *       genmodels.models.TrainableModel#priorSampler}: decoded prior draws, a GAN's generator, a
 *       diffusion model's reverse process with {@code --steps} and {@code --eta});
 *   <li>{@code gmm}: a full-covariance Gaussian mixture fitted by EM to the encoded training images,
 *       its draws decoded (post-hoc density estimation in the latent space, Ghosh et al., ICLR 2020);
 *   <li>{@code normal}: N(0, I) decoded, whatever the model's prior.
 * </ul>
 */
public final class Samplers {

    /** The names, in the order help lists them. */
    public static final List<String> NAMES = List.of("prior", "gmm", "normal");

    private Samplers() {}

    /**
     * What a sampler is built with.
     *
     * @param components K of the gmm sampler
     * @param seed seeds the mixture's fit and its draws of components
     * @param sampling the user's {@code --steps} and {@code --eta}
     */
    public record Options(int components, long seed, SamplingSettings sampling) {}

    /**
     * @throws UserError if {@code name} is not a sampler
     */
    public static void requireKnown(String name) {
        if (!NAMES.contains(name)) {
            throw new UserError("--sampler must be " + String.join(", ", NAMES.subList(0, NAMES.size() - 1)) + " or "
                    + NAMES.get(NAMES.size() - 1) + ", found '" + name + "'");
        }
    }

    /**
     * @return why {@code name} does not apply to the trained model (it has no prior, no encoder or
     *     generates nothing), or empty when it does
     */
    public static Optional<String> unavailable(String name, TrainedModel trained) {
        requireKnown(name);
        boolean own = trained.model().priorSampler(SamplingSettings.DEFAULTS).isPresent();
        boolean latent = trained.latent().isPresent();
        if (!own && !latent) {
            return Optional.of(trained.described() + " does not generate images");
        }
        if (name.equals("prior") && !own) {
            return Optional.of(trained.described() + " has no prior to sample; use --sampler gmm (a Gaussian mixture"
                    + " fitted to its training codes) or --sampler normal (decode N(0, I))");
        }
        if (!name.equals("prior") && trained.model().conditional()) {
            return Optional.of(trained.described() + " is class-conditional: its codes and decodings need the class,"
                    + " so no " + name + " sampler of codes applies; use --sampler prior (with --class to choose)");
        }
        if (!name.equals("prior") && !latent) {
            return Optional.of(trained.described() + " has no encoder, so no latent codes for a " + name + " sampler;"
                    + " use --sampler prior (its own noise)");
        }
        return Optional.empty();
    }

    /**
     * Builds (and for gmm, fits) a sampler.
     *
     * @param train the training split, read only by the gmm sampler
     * @param em the progress hooks of the gmm sampler's EM
     * @param manager where a fitted mixture lives
     * @throws UserError if the sampler does not apply ({@link #unavailable}) or the settings are refused
     */
    public static Sampler create(
            String name,
            TrainedModel trained,
            Options options,
            Supplier<ImageSplit> train,
            GaussianMixture.Iterations em,
            NDManager manager) {
        Optional<String> why = unavailable(name, trained);
        if (why.isPresent()) {
            throw new UserError(why.get());
        }
        if (name.equals("prior")) {
            return trained.model().priorSampler(options.sampling()).orElseThrow();
        }
        options.sampling().requireNone("the " + name + " sampler");
        GenerativeModel model = trained.generative();
        if (name.equals("normal")) {
            return new DecodedSampler(
                    model,
                    "normal",
                    "N(0, I)",
                    (store, m, n) -> m.randomNormal(new Shape(n, model.latentDim()), DataType.FLOAT32));
        }
        return mixture(model, trained, options, train.get(), em, manager);
    }

    /** A mixture of {@code options.components()} full-covariance Gaussians fitted to the training codes. */
    private static Sampler mixture(
            GenerativeModel model,
            TrainedModel trained,
            Options options,
            ImageSplit train,
            GaussianMixture.Iterations em,
            NDManager manager) {
        NDArray codes = LatentSpaceWriter.encodeAll(model, trained.store(), train, manager);
        GmmOptions gmmOptions = GmmOptions.defaults(options.components(), CovarianceType.FULL, options.seed());
        GaussianMixture gmm = GaussianMixture.fit(codes, gmmOptions, em);
        codes.close();
        Random components = new Random(options.seed());
        String description = String.format(
                Locale.ROOT,
                "a %d-component full-covariance Gaussian mixture fitted by EM to"
                        + " %d training codes (mean log-likelihood %.4f nats per code, %s after %d iterations)",
                options.components(),
                train.size(),
                gmm.lowerBound(),
                gmm.converged() ? "converged" : "not converged",
                gmm.nIter());
        return new DecodedSampler(model, "gmm", description, (store, m, n) -> gmm.sample(m, n, components));
    }
}
