package genmodels.models.ae;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigException;
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
 * A deterministic autoencoder trained on a reconstruction loss. With {@code classifier_weight > 0},
 * a linear classifier on the code adds its cross-entropy with that weight (a class-supervised
 * autoencoder), which arranges the code by class.
 */
public final class Autoencoder extends DeterministicAutoencoder {

    private static final byte VERSION = 1;

    /** The {@code train-ae} command. */
    public static final ModelDefinition<AeConfig> DEFINITION = new ModelDefinition<>(
                    "ae",
                    "train-ae",
                    "Train an autoencoder (plain, or class-supervised with model.classifier_weight > 0) and report the"
                            + " reconstruction loss per image.",
                    "ae-mnist.yaml",
                    AeConfig.class,
                    Autoencoder::new)
            .withBenchRows(BenchRow.training("ae"));

    /**
     * @param config the model section
     * @param image the images' channels, sides and classes
     * @throws ConfigException when a classifier weight is set for images without labels
     */
    public Autoencoder(AeConfig config, ImageSpec image) {
        super(VERSION, config.network(), config.layers(), config.activation(), config.loss(), image);
        addCodeClassifier(config.classifierWeight());
        if (config.linearOutput()) {
            useLinearOutput();
        }
    }

    @Override
    public List<Term> terms() {
        List<Term> terms = new ArrayList<>(reconstructionTerms());
        terms.addAll(classifierTerms());
        return terms;
    }

    @Override
    public Optional<Prior> prior() {
        return Optional.empty();
    }

    /**
     * Reconstruction loss (configured, summed over pixels) and, for the class-supervised
     * autoencoder, the classifier's cross-entropy in nats and its accuracy.
     *
     * @return objective {@code mean(reconstruction) + classifier_weight * mean(cross-entropy)}; sums
     *     over the batch of reconstruction, mse_per_pixel (squared error / pixels), and classification
     *     and accuracy (correct predictions) when supervised
     */
    @Override
    public LossTerms loss(ParameterStore store, NDArray x, NDArray labels, boolean training) {
        NDArray code = encode(store, x, training);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        NDArray recon = reconstructionTerms(decodeLogits(store, code, training), x, sums);
        NDArray objective = recon.mul(scalars().of(1.0 / x.getShape().get(0)));
        return new LossTerms(withClassification(store, code, labels, training, objective, sums), sums);
    }
}
