package genmodels.models;

import genmodels.config.OptimizerConfig;
import genmodels.models.diffusion.Diffusion;
import genmodels.models.diffusion.DiffusionConfig;
import genmodels.models.gan.Gan;
import genmodels.models.gan.GanConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.TestData;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.models.ae.AeConfig;
import genmodels.models.ae.Autoencoder;
import genmodels.models.classifier.ClassifierConfig;
import genmodels.models.classifier.ConvClassifier;
import genmodels.models.swae.SlicedWassersteinAutoencoder;
import genmodels.models.swae.SwaeConfig;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every model's loss reports exactly the terms it names, in that order (metrics are labelled by it). */
class TermNamesTest {

    private static GanConfig gan(String architecture, String loss) {
        return new GanConfig("gan", architecture, 4, List.of(8, 4), List.of(4, 8), loss, 10, 1, 0.2,
                new OptimizerConfig("adam", 2e-4, List.of(0.5, 0.999), 1e-8, 0));
    }

    @Test
    void lossSumsMatchTermNamesForEveryModel() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageSplit.Batch b = Datasets.load(TestData.slice(), m).test().slice(m, 0, 8);
            List<TrainableModel> models = List.of(
                    new VariationalAutoencoder(new VaeConfig("vae", List.of(16), 2, "bernoulli", 1, 0.1), 784),
                    new Autoencoder(new AeConfig("ae", List.of(784, 16, 2), "relu", "bce", 0), 784),
                    new Autoencoder(new AeConfig("ae", List.of(784, 16, 2), "relu", "mse", 3), 784),
                    new SlicedWassersteinAutoencoder(new SwaeConfig("swae", List.of(784, 16, 2), "relu", "bce", 10, 5, "ring"), 784),
                    new ConvClassifier(new ClassifierConfig("classifier", List.of(2, 4), 5, 8), 784),
                    new Gan(gan("mlp", "nonsaturating"), 784), new Gan(gan("conv", "hinge"), 784),
                    new Gan(gan("conv", "wgan-gp"), 784),
                    new Diffusion(new DiffusionConfig("diffusion", "cosine", 10, 1e-4, 0.02, List.of(8, 8), 0.9, 5, 0,
                            true), 784));
            for (TrainableModel model : models) {
                Engine.getInstance().setRandomSeed(1);
                model.block().initialize(m, DataType.FLOAT32, new Shape(1, 784));
                LossTerms t = model.loss(new ParameterStore(m, false), b.images(), b.labels(), false);
                assertEquals(model.termNames(), List.copyOf(t.sums().keySet()), model.getClass().getSimpleName());
            }
        }
    }
}
