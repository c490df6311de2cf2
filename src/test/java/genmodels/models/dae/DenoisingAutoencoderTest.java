package genmodels.models.dae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.TestData;
import genmodels.config.OptimizerConfig;
import genmodels.config.TrainConfig;
import genmodels.data.Datasets;
import genmodels.engine.ImageSpec;
import genmodels.models.LossTerms;
import genmodels.train.EpochResult;
import genmodels.train.TrainingLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The denoising autoencoder: its two corruptions, its loss against the clean image, and training. */
class DenoisingAutoencoderTest {

    private static DenoisingAutoencoder dae(String corruption, double noise, NDManager m) {
        Engine.getInstance().setRandomSeed(4);
        DaeConfig config = new DaeConfig(
                "dae", "mlp", List.of(32, 64), "xavier", List.of(784, 32, 4), "relu", "bce", corruption, noise);
        DenoisingAutoencoder model = new DenoisingAutoencoder(config, ImageSpec.MNIST);
        model.initialize(m, DataType.FLOAT32, new Shape(1, 784));
        return model;
    }

    @Test
    void maskingZeroesAShareOfThePixelsAndGaussianNoiseHasItsSigma() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.full(new Shape(200, 784), 0.6f);
            Engine.getInstance().setRandomSeed(1);
            float[] masked = dae("mask", 0.3, m).corrupt(x).toFloatArray();
            int zeros = 0;
            for (float v : masked) {
                assertTrue(v == 0f || v == 0.6f, "a masked pixel is 0, a kept one unchanged: " + v);
                zeros += v == 0f ? 1 : 0;
            }
            double share = zeros / (double) masked.length; // binomial: sd sqrt(0.21 / 156800) = 0.0012
            assertEquals(0.3, share, 0.006);
            float[] noisy = dae("gaussian", 0.25, m).corrupt(x).toFloatArray();
            double sum = 0;
            double squares = 0;
            for (float v : noisy) {
                sum += v - 0.6;
                squares += (v - 0.6) * (v - 0.6);
            }
            double mean = sum / noisy.length;
            assertEquals(0, mean, 0.003);
            assertEquals(0.25, Math.sqrt(squares / noisy.length - mean * mean), 0.003);
        }
    }

    @Test
    void theLossIsTheCleanImagesCrossEntropyFromTheCorruptedOnesCode() {
        try (NDManager m = NDManager.newBaseManager()) {
            DenoisingAutoencoder model = dae("mask", 0.5, m);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = Datasets.load(TestData.slice(), m).test().slice(m, 0, 6).images();
            Engine.getInstance().setRandomSeed(8);
            LossTerms terms = model.loss(store, x, null, false);
            Engine.getInstance().setRandomSeed(8);
            float[] logits = model.decodeLogits(store, model.encode(store, model.corrupt(x)))
                    .toFloatArray();
            float[] clean = x.toFloatArray();
            double bce = 0;
            for (int i = 0; i < logits.length; i++) {
                double l = logits[i];
                double p = 1 / (1 + Math.exp(-l));
                bce -= clean[i] * Math.log(p) + (1 - clean[i]) * Math.log(1 - p);
            }
            assertEquals(bce, terms.sums().get("reconstruction").getFloat(), 1e-3 * bce);
            assertEquals(bce / 6, terms.objective().getFloat(), 1e-3 * bce / 6);
        }
    }

    @Test
    void trainingLowersTheDenoisingError() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            DenoisingAutoencoder model = dae("gaussian", 0.3, m);
            TrainConfig train =
                    new TrainConfig(4, 50, new OptimizerConfig("adam", 2e-3, List.of(0.9, 0.999), 1e-8, 0), 1);
            List<EpochResult> history = new TrainingLoop(
                            model,
                            train,
                            Datasets.load(TestData.slice(), m),
                            m,
                            new ParameterStore(m, false),
                            List.of())
                    .run();
            double first = history.get(0).metrics().get("test").get("reconstruction");
            double last = history.get(3).metrics().get("test").get("reconstruction");
            assertTrue(last < first - 5, "test denoising BCE per image, epoch 1 " + first + ", epoch 4 " + last);
        }
    }
}
