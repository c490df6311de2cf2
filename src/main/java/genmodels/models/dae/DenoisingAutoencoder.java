package genmodels.models.dae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import genmodels.engine.ImageSpec;
import genmodels.models.Denoising;
import genmodels.models.DeterministicAutoencoder;
import genmodels.models.LossTerms;
import genmodels.models.ModelDefinition;
import genmodels.models.ModelDefinition.BenchRow;
import genmodels.models.Prior;
import genmodels.models.Term;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A denoising autoencoder (Vincent, Larochelle, Bengio &amp; Manzagol, ICML 2008; Vincent et al.,
 * JMLR 2010): a deterministic autoencoder that sees a corrupted image x~ and is trained to
 * reconstruct the clean x, {@code loss(decode(encode(x~)), x)}. Corruption is masking (each pixel
 * set to 0 with probability p) or additive Gaussian noise (x~ = x + sigma eps, not clipped), drawn
 * afresh for every batch from the engine's generator (so a resumed run draws what an uninterrupted
 * one draws).
 *
 * <p>Training and the per-epoch test figures report the denoising error; {@code evaluate}'s
 * reconstruction error is that of clean inputs, so the two together say how much the corruption
 * costs.
 */
public final class DenoisingAutoencoder extends DeterministicAutoencoder implements Denoising {

    private static final byte VERSION = 1;

    /** The {@code train-dae} command. */
    public static final ModelDefinition<DaeConfig> DEFINITION = new ModelDefinition<>(
                    "dae",
                    "train-dae",
                    "Train a denoising autoencoder (Vincent et al. 2008): reconstruct clean images from masked or noisy"
                            + " ones.",
                    "dae-mnist.yaml",
                    DaeConfig.class,
                    DenoisingAutoencoder::new)
            .withBenchRows(new BenchRow("dae", List.of(), 0, null, false));

    private final DaeConfig config;

    /**
     * @param config the model section
     * @param image the images' channels, sides and classes
     */
    public DenoisingAutoencoder(DaeConfig config, ImageSpec image) {
        super(VERSION, config.network(), config.layers(), config.activation(), config.loss(), image);
        this.config = config;
    }

    /** @return the denoising reconstruction (the configured loss against the clean image) and its squared error */
    @Override
    public List<Term> terms() {
        return reconstructionTerms();
    }

    @Override
    public Optional<Prior> prior() {
        return Optional.empty();
    }

    /** @return the autoencoder's pictures and {@link genmodels.models.Picture#DENOISING} */
    @Override
    public java.util.Set<genmodels.models.Picture> pictures() {
        java.util.Set<genmodels.models.Picture> pictures = new java.util.HashSet<>(super.pictures());
        pictures.add(genmodels.models.Picture.DENOISING);
        return pictures;
    }

    /**
     * @param x clean images, [batch, pixels] in [0, 1]
     * @return the corrupted images: with {@code mask}, x times a 0/1 draw that keeps each pixel with
     *     probability 1 - p; with {@code gaussian}, x + sigma eps, eps ~ N(0, I); in the manager of x
     */
    @Override
    public NDArray corrupt(NDArray x) {
        NDManager m = x.getManager();
        if (config.corruption().equals("mask")) {
            NDArray u = m.randomUniform(0f, 1f, x.getShape(), DataType.FLOAT32, x.getDevice());
            return x.mul(u.gte(scalars().of(config.noise())).toType(DataType.FLOAT32, false));
        }
        NDArray eps = m.randomNormal(0f, 1f, x.getShape(), DataType.FLOAT32, x.getDevice());
        return x.add(eps.mul(scalars().of(config.noise())));
    }

    /**
     * @return objective {@code mean(loss(decode(encode(corrupt(x))), x))}; sums over the batch of
     *     reconstruction and mse_per_pixel, both against the clean images
     */
    @Override
    public LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        NDArray code = encode(store, corrupt(x), training);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        NDArray recon = reconstructionTerms(decodeLogits(store, code, training), x, sums);
        return new LossTerms(recon.mul(scalars().of(1.0 / x.getShape().get(0))), sums);
    }
}
