package genmodels.models.swae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.engine.ImageSpec;
import genmodels.models.DeterministicAutoencoder;
import genmodels.models.LossTerms;
import genmodels.models.ModelDefinition;
import genmodels.models.ModelDefinition.BenchRow;
import genmodels.models.Prior;
import genmodels.models.Term;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sliced-Wasserstein autoencoder of Kolouri, Pope, Martin &amp; Rohde (ICLR 2019): a
 * deterministic autoencoder whose codes are pulled towards a prior by the sliced 2-Wasserstein
 * distance between the batch of codes and an equal batch drawn from the prior.
 */
public final class SlicedWassersteinAutoencoder extends DeterministicAutoencoder {

    private static final byte VERSION = 1;

    /** The {@code train-swae} command. */
    public static final ModelDefinition<SwaeConfig> DEFINITION = new ModelDefinition<>(
                    "swae",
                    "train-swae",
                    "Train a sliced-Wasserstein autoencoder (Kolouri et al. 2019) towards a normal, disk, ring or square"
                            + " prior.",
                    "swae-mnist.yaml",
                    SwaeConfig.class,
                    SlicedWassersteinAutoencoder::new)
            .withBenchRows(BenchRow.training("swae"));

    private final SwaeConfig config;
    private final Prior prior;

    /**
     * @param config the model section
     * @param image the images' channels, sides and classes
     */
    public SlicedWassersteinAutoencoder(SwaeConfig config, ImageSpec image) {
        super(VERSION, config.network(), config.layers(), config.activation(), config.loss(), image);
        this.config = config;
        this.prior = Prior.fromConfig(config.prior());
        addCodeClassifier(config.classifierWeight());
    }

    @Override
    public List<Term> terms() {
        List<Term> terms = new ArrayList<>(reconstructionTerms());
        terms.add(
                "mean_sqrt".equals(config.slicedDistance())
                        ? Term.lower("sw", "mean over directions of the 1-D Wasserstein-2 (latent units)")
                        : Term.lower("sw", "sliced Wasserstein-2, squared (latent units^2)"));
        terms.addAll(classifierTerms());
        return terms;
    }

    @Override
    public Optional<Prior> prior() {
        return Optional.of(prior);
    }

    /**
     * Monte-Carlo sliced 2-Wasserstein distance, squared (Kolouri et al. 2019, equations 10-11):
     * project both sets of points on each direction, sort each projected set, and average the
     * squared differences of the sorted values (the 1-D optimal transport cost between equal-size
     * empirical distributions). The sort is differentiable in the values it sorts.
     *
     * @param codes [batch, d]
     * @param samples prior samples, [batch, d]
     * @param directions unit vectors, [d, projections]
     * @return scalar, the mean over directions and points of the squared differences
     */
    public static NDArray slicedWasserstein2(NDArray codes, NDArray samples, NDArray directions) {
        NDArray projectedCodes = codes.matMul(directions).sort(0);
        NDArray projectedSamples = samples.matMul(directions).sort(0);
        return projectedCodes.sub(projectedSamples).square().mean();
    }

    /**
     * The course code's variant: for each direction the square root of the mean squared difference of
     * the sorted projections (the 1-D Wasserstein-2 distance), averaged over directions. By Jensen's
     * inequality it is at most the square root of {@link #slicedWasserstein2}.
     *
     * @param codes [batch, d]
     * @param samples prior samples, [batch, d]
     * @param directions unit vectors, [d, projections]
     * @return scalar, latent units
     */
    public static NDArray meanSlicedWasserstein(NDArray codes, NDArray samples, NDArray directions) {
        NDArray projectedCodes = codes.matMul(directions).sort(0);
        NDArray projectedSamples = samples.matMul(directions).sort(0);
        return projectedCodes
                .sub(projectedSamples)
                .square()
                .mean(new int[] {0})
                .sqrt()
                .mean();
    }

    /**
     * @param manager where the directions are created
     * @param dim latent dimension
     * @param count number of directions
     * @return [dim, count], columns drawn uniformly on the unit sphere (normalised Gaussians)
     */
    public static NDArray randomDirections(NDManager manager, int dim, int count) {
        NDArray g = manager.randomNormal(new Shape(dim, count), DataType.FLOAT32);
        return g.div(g.square().sum(new int[] {0}, true).sqrt());
    }

    /**
     * @return objective {@code mean(reconstruction) + lambda * SW(codes, prior samples)
     *     [+ classifier_weight * mean cross-entropy]}, SW being SW2^2 or the mean of square roots
     *     ({@code sliced_distance}); sums over the batch of reconstruction, sw (the batch's estimate
     *     times the batch size, so its mean per image is the estimate), mse_per_pixel, and
     *     classification and accuracy with a classifier
     */
    @Override
    public LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        NDManager m = x.getManager();
        int batch = Math.toIntExact(x.getShape().get(0));
        NDArray code = encode(store, x, training);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        NDArray recon = reconstructionTerms(decodeLogits(store, code, training), x, sums);
        NDArray samples = prior.sample(m, batch, config.latentDim());
        NDArray directions = randomDirections(m, config.latentDim(), config.projections());
        NDArray sw = "mean_sqrt".equals(config.slicedDistance())
                ? meanSlicedWasserstein(code, samples, directions)
                : slicedWasserstein2(code, samples, directions);
        NDArray objective =
                recon.mul(scalars().of(1.0 / batch)).add(sw.mul(scalars().of(config.lambda())));
        sums.put("sw", sw.stopGradient().mul(scalars().of(batch)));
        return new LossTerms(withClassification(store, code, labels, training, objective, sums), sums);
    }
}
