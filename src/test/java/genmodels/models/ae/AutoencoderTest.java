package genmodels.models.ae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.TestData;
import genmodels.config.ConfigException;
import genmodels.config.OptimizerConfig;
import genmodels.config.TrainConfig;
import genmodels.data.Datasets;
import genmodels.data.ImageSplit;
import genmodels.engine.ImageSpec;
import genmodels.models.LossTerms;
import genmodels.models.swae.SwaeConfig;
import genmodels.train.EpochResult;
import genmodels.train.TrainingLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoencoderTest {

    private static Autoencoder autoencoder(NDManager m, String loss, double classifierWeight) {
        Engine.getInstance().setRandomSeed(1);
        Autoencoder ae = new Autoencoder(
                new AeConfig("ae", List.of(784, 32, 2), "leaky_relu", loss, classifierWeight), ImageSpec.MNIST);
        ae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
        return ae;
    }

    @Test
    void lossTermsAreTheConfiguredReconstructionAndTheMeanSquaredErrorPerPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageSplit.Batch b = Datasets.load(TestData.slice(), m).test().slice(m, 0, 20);
            ParameterStore store = new ParameterStore(m, false);
            for (String loss : List.of("bce", "mse")) {
                Autoencoder ae = autoencoder(m, loss, 0);
                LossTerms t = ae.loss(store, b.images(), b.labels(), false);
                assertEquals(
                        List.of("reconstruction", "mse_per_pixel"),
                        List.copyOf(t.sums().keySet()));
                // the expected loss written out in doubles from the logits: BCE = sum softplus(l) - x l,
                // computed stably as max(l, 0) - x l + log1p(exp(-|l|)); MSE = sum (sigmoid(l) - x)^2
                float[] l = ae.decodeLogits(store, ae.encode(store, b.images()), false)
                        .toFloatArray();
                float[] x = b.images().toFloatArray();
                double expected = 0;
                for (int i = 0; i < l.length; i++) {
                    if (loss.equals("bce")) {
                        expected += Math.max(l[i], 0) - x[i] * l[i] + Math.log1p(Math.exp(-Math.abs(l[i])));
                    } else {
                        double p = 1 / (1 + Math.exp(-l[i]));
                        expected += (p - x[i]) * (p - x[i]);
                    }
                }
                assertEquals(expected, t.sums().get("reconstruction").getFloat(), 1e-4 * Math.abs(expected));
                float sse = ae.decode(store, ae.encode(store, b.images()))
                        .sub(b.images())
                        .square()
                        .sum()
                        .getFloat();
                assertEquals(sse / 784, t.sums().get("mse_per_pixel").getFloat(), 1e-4 * sse);
                assertEquals(expected / 20, t.objective().getFloat(), 1e-3 * Math.abs(expected / 20));
            }
        }
    }

    @Test
    void crossEntropyAndAccuracyMatchTheirDefinitions() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] logits = {2f, 0.5f, -1f, 0f, 3f, 1f};
            NDArray l = m.create(logits, new Shape(2, 3));
            NDArray labels = m.create(new int[] {0, 2});
            float[] ce = genmodels.models.Classification.crossEntropy(l, labels).toFloatArray();
            double z0 = Math.exp(2) + Math.exp(0.5) + Math.exp(-1);
            double z1 = Math.exp(0) + Math.exp(3) + Math.exp(1);
            assertEquals(-Math.log(Math.exp(2) / z0), ce[0], 1e-6);
            assertEquals(-Math.log(Math.exp(1) / z1), ce[1], 1e-6);
            assertEquals(
                    1f, genmodels.models.Classification.correct(l, labels).getFloat()); // row 0 right, row 1 predicts 1
        }
    }

    @Test
    void theClassSupervisedAutoencoderLearnsToClassifyFromTheCode() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            Autoencoder ae = autoencoder(m, "bce", 50);
            assertEquals(List.of("reconstruction", "mse_per_pixel", "classification", "accuracy"), ae.termNames());
            TrainConfig train =
                    new TrainConfig(20, 50, new OptimizerConfig("adam", 3e-3, List.of(0.9, 0.999), 1e-8, 0), 1);
            List<EpochResult> h = new TrainingLoop(ae, train, data, m, new ParameterStore(m, false), List.of()).run();
            double first = h.get(0).metrics().get("test").get("accuracy");
            double last = h.get(19).metrics().get("test").get("accuracy");
            assertTrue(last > 0.5 && last > first, "test accuracy " + first + " -> " + last + " (chance is 0.1)");
            assertTrue(
                    h.get(19).metrics().get("test").get("classification") < Math.log(10), "below chance cross-entropy");
        }
    }

    /**
     * A truly linear autoencoder (identity activations and output, squared error) against PCA on the
     * same training images: PCA's rank-k reconstruction is the best affine one (Eckart-Young), so the
     * autoencoder can reach its error but not go below it (Baldi and Hornik 1989).
     */
    @Test
    void aLinearAutoencoderReachesPcasReconstructionErrorButNotBelowIt() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            Engine.getInstance().setRandomSeed(1);
            Autoencoder ae = new Autoencoder(
                    new AeConfig(
                            "ae", "mlp", List.of(32, 64), "pytorch", List.of(784, 5), "identity", "mse", 0, "identity"),
                    ImageSpec.MNIST);
            ae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            TrainConfig train = new TrainConfig(
                    EPOCHS_LINEAR, 100, new OptimizerConfig("adam", 3e-3, List.of(0.9, 0.999), 1e-8, 0), 1);
            ParameterStore store = new ParameterStore(m, false);
            new TrainingLoop(ae, train, data, m, store, List.of()).run();
            NDArray x = data.train().slice(m, 0, data.train().size()).images();
            NDArray out = ae.decodeLogits(store, ae.encode(store, x));
            double linear = genmodels.models.Likelihoods.squaredErrorOfMeans(out, x)
                            .mean()
                            .getFloat()
                    / 784;
            double pca = genmodels.density.pca.Pca.fit(x).reconstructionErrorByK(x)[4];
            assertTrue(linear >= pca * (1 - 1e-4), "not below PCA's optimum: " + linear + " against " + pca);
            assertTrue(linear <= pca * 1.02, "within 2% of PCA's optimum: " + linear + " against " + pca);
            float[] decoded = ae.decode(store, ae.encode(store, x)).toFloatArray();
            for (float v : decoded) {
                assertTrue(v >= 0 && v <= 1, "decode clips a linear output to the image range: " + v);
            }
        }
    }

    private static final int EPOCHS_LINEAR = 250;

    @Test
    void theSemiSupervisedSwaeLearnsToClassifyFromItsCodeAndReportsTheCourseDistance() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            Engine.getInstance().setRandomSeed(1);
            genmodels.models.swae.SlicedWassersteinAutoencoder swae =
                    new genmodels.models.swae.SlicedWassersteinAutoencoder(
                            new SwaeConfig(
                                    "swae",
                                    "mlp",
                                    List.of(32, 64),
                                    "pytorch",
                                    List.of(784, 32, 2),
                                    "leaky_relu",
                                    "bce",
                                    10,
                                    50,
                                    "disk",
                                    "mean_sqrt",
                                    50.0),
                            ImageSpec.MNIST);
            swae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            assertEquals(
                    List.of("reconstruction", "mse_per_pixel", "sw", "classification", "accuracy"), swae.termNames());
            TrainConfig train =
                    new TrainConfig(20, 50, new OptimizerConfig("adam", 3e-3, List.of(0.9, 0.999), 1e-8, 0), 1);
            List<EpochResult> h = new TrainingLoop(swae, train, data, m, new ParameterStore(m, false), List.of()).run();
            double first = h.get(0).metrics().get("test").get("accuracy");
            double last = h.get(19).metrics().get("test").get("accuracy");
            assertTrue(last > 0.5 && last > first, "test accuracy " + first + " -> " + last + " (chance is 0.1)");
            double sw = h.get(19).metrics().get("test").get("sw");
            assertTrue(sw > 0 && Double.isFinite(sw), "the mean of 1-D W2 distances to the unit disk: " + sw);
        }
    }

    @Test
    void configsRejectLayersThatDoNotStartAtTheImageAndTwoDimensionalPriorsOnOtherCodes() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> new Autoencoder(new AeConfig("ae", List.of(100, 2), "relu", "bce", 0), ImageSpec.MNIST));
        assertTrue(
                e.getMessage().contains("starts with the input width 100 but the 1x28x28 images have 784 values"),
                e.getMessage());
        ConfigException colour = assertThrows(
                ConfigException.class,
                () -> new Autoencoder(
                        new AeConfig("ae", List.of(784, 64, 2), "relu", "bce", 0), new ImageSpec(3, 32, 32, 10)));
        assertTrue(colour.getMessage().contains("--set model.layers=[3072,64,2]"), colour.getMessage());
        ConfigException unlabelled = assertThrows(
                ConfigException.class,
                () -> new Autoencoder(
                        new AeConfig("ae", List.of(784, 64, 2), "relu", "bce", 1), new ImageSpec(1, 28, 28, 0)));
        assertTrue(unlabelled.getMessage().startsWith("model.classifier_weight "), unlabelled.getMessage());
        ConfigException p = assertThrows(
                ConfigException.class,
                () -> new SwaeConfig("swae", List.of(784, 64, 3), "relu", "bce", 10, 50, "disk"));
        assertTrue(p.getMessage().contains("'disk' is two-dimensional but the code has 3 dimensions"), p.getMessage());
        assertEquals(3, new SwaeConfig("swae", List.of(784, 64, 3), "relu", "bce", 10, 50, "normal").latentDim());
    }
}
