package genmodels.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.TestData;
import genmodels.config.OptimizerConfig;
import genmodels.config.TrainConfig;
import genmodels.data.Datasets;
import genmodels.engine.ImageSpec;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    private static List<EpochResult> train(int epochs, int seed, List<Integer> hidden, int batch) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            Engine.getInstance().setRandomSeed(seed);
            VariationalAutoencoder vae =
                    new VariationalAutoencoder(new VaeConfig("vae", hidden, 8, "bernoulli", 1.0, 0.1), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            OptimizerConfig adam = new OptimizerConfig("adam", 1e-3, List.of(0.9, 0.999), 1e-8, 0);
            TrainConfig config = new TrainConfig(epochs, batch, adam, seed);
            return new TrainingLoop(vae, config, data, m, new ParameterStore(m, false), List.of()).run();
        }
    }

    @Test
    void aFewEpochsOnRealMnistLowerTheLoss() throws Exception {
        List<EpochResult> h = train(4, 1, List.of(128), 50);
        double firstTrain = h.get(0).metrics().get("train").get("neg_elbo");
        double lastTrain = h.get(3).metrics().get("train").get("neg_elbo");
        double firstTest = h.get(0).metrics().get("test").get("neg_elbo");
        double lastTest = h.get(3).metrics().get("test").get("neg_elbo");
        assertTrue(lastTrain < 0.85 * firstTrain, "train -ELBO fell: " + firstTrain + " -> " + lastTrain);
        assertTrue(lastTest < firstTest - 10, "test -ELBO fell: " + firstTest + " -> " + lastTest);
        assertTrue(lastTest < 250, "a VAE beats the ~543 nats of predicting 0.5 everywhere: " + lastTest);
    }

    @Test
    void sameSeedGivesIdenticalMetricsAndAnotherSeedDoesNot() throws Exception {
        List<EpochResult> a = train(2, 7, List.of(64), 100);
        List<EpochResult> b = train(2, 7, List.of(64), 100);
        List<EpochResult> c = train(2, 8, List.of(64), 100);
        for (int i = 0; i < 2; i++) {
            assertEquals(a.get(i).metrics(), b.get(i).metrics(), "epoch " + (i + 1));
        }
        assertNotEquals(a.get(1).metrics(), c.get(1).metrics());
    }

    @Test
    void permutationIsAShuffleOfEveryIndex() {
        int[] order = genmodels.engine.Seeds.permutation(1000, new SplittableRandom(3));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertNotEquals(Arrays.toString(sorted), Arrays.toString(order));
        List<Long> seeds = new ArrayList<>();
        for (int epoch = 1; epoch <= 100; epoch++) {
            long s = genmodels.engine.Seeds.of(1, epoch);
            assertTrue(s >= 0 && s <= Integer.MAX_VALUE);
            seeds.add(s);
        }
        assertEquals(100, seeds.stream().distinct().count());
    }
}
