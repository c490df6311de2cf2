package genmodels.models.ae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigException;
import genmodels.engine.ImageSpec;
import genmodels.models.Classification;
import genmodels.models.DeterministicAutoencoder;
import genmodels.models.LossTerms;
import genmodels.models.Mlp;
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

    private final AeConfig config;
    private final SequentialBlock classifier;

    /**
     * @param config the model section
     * @param image the images' channels, sides and classes
     */
    public Autoencoder(AeConfig config, ImageSpec image) {
        super(VERSION, config.network(), config.layers(), config.activation(), config.loss(), image);
        this.config = config;
        if (config.classifierWeight() > 0 && !image.labelled()) {
            throw new ConfigException(
                    "model.classifier_weight",
                    "trains a classifier on the codes, and these images have no labels; set"
                            + " model.classifier_weight=0 or give images in one folder per class");
        }
        classifier = config.classifierWeight() > 0
                ? addChildBlock("classifier", Mlp.of(List.of(config.latentDim(), image.classes()), Activation::relu))
                : null;
    }

    @Override
    public List<Term> terms() {
        List<Term> terms = new ArrayList<>(reconstructionTerms());
        if (classifier != null) {
            terms.add(Term.lower("classification", "nats per image"));
            terms.add(Term.higher("accuracy", "fraction correct"));
        }
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
        NDArray perImage = scalars().of(1.0 / x.getShape().get(0));
        NDArray code = encode(store, x, training);
        Map<String, NDArray> sums = new LinkedHashMap<>();
        NDArray recon = reconstructionTerms(decodeLogits(store, code, training), x, sums);
        NDArray objective = recon.mul(perImage);
        if (classifier != null) {
            NDArray classLogits =
                    classifier.forward(store, new NDList(code), training).singletonOrThrow();
            NDArray crossEntropy =
                    Classification.crossEntropy(classLogits, labels).sum();
            sums.put("classification", crossEntropy);
            sums.put("accuracy", Classification.correct(classLogits, labels));
            objective = objective.add(
                    crossEntropy.mul(scalars().of(config.classifierWeight())).mul(perImage));
        }
        return new LossTerms(objective, sums);
    }

    @Override
    protected void initializeHeads(NDManager manager, DataType dataType, Shape code) {
        if (classifier != null) {
            classifier.initialize(manager, dataType, code);
        }
    }
}
