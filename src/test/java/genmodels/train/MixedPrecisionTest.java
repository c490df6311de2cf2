package genmodels.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import genmodels.TestData;
import genmodels.config.OptimizerConfig;
import genmodels.config.TrainConfig;
import genmodels.data.Datasets;
import genmodels.engine.ImageSpec;
import genmodels.models.ComputeType;
import genmodels.models.Mlp;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bf16 mixed precision: computed in bfloat16, returned and kept in float32, close to a float32 run. */
class MixedPrecisionTest {

    @Test
    void aNetworkComputesInBfloat16UnderTheStoreAndHandsBackFloat32() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            SequentialBlock mlp = Mlp.of(List.of(20, 64, 5), Activation::relu);
            mlp.initialize(m, DataType.FLOAT32, new Shape(1, 20));
            NDArray x = m.randomNormal(new Shape(8, 20));
            NDArray full = mlp.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            NDArray half =
                    mlp.forward(new MixedPrecision(m), new NDList(x), false).singletonOrThrow();
            assertEquals(DataType.FLOAT32, half.getDataType());
            double scale = full.abs().max().getFloat();
            double error = full.sub(half).abs().max().getFloat();
            assertTrue(error > 0, "bfloat16 rounds (8 significant bits), so the outputs differ");
            assertTrue(error < 0.05 * scale, "by about bfloat16's precision: " + error + " of " + scale);
            mlp.getParameters()
                    .forEach(p -> assertEquals(
                            DataType.FLOAT32, p.getValue().getArray().getDataType()));
        }
    }

    @Test
    void inFloat32TheEdgesAreTheIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            ComputeType edge = ComputeType.input();
            edge.initialize(m, DataType.FLOAT32, new Shape(2, 3));
            NDArray x = m.ones(new Shape(2, 3));
            assertSame(
                    x,
                    edge.forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow());
        }
    }

    private static double trainedTestNegElbo(String precision) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            Engine.getInstance().setRandomSeed(3);
            VariationalAutoencoder vae = new VariationalAutoencoder(
                    new VaeConfig("vae", List.of(128), 8, "bernoulli", 1.0, 0.1), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            OptimizerConfig adam = new OptimizerConfig("adam", 1e-3, List.of(0.9, 0.999), 1e-8, 0);
            TrainConfig config = new TrainConfig(3, 50, adam, 3).withRecipe(null, null, 1, precision);
            List<EpochResult> h = new TrainingLoop(vae, config, data, m, new ParameterStore(m, false), List.of()).run();
            vae.getParameters()
                    .forEach(p -> assertEquals(
                            DataType.FLOAT32, p.getValue().getArray().getDataType()));
            return h.get(h.size() - 1).metrics().get("test").get("neg_elbo");
        }
    }

    @Test
    void aVaeTrainedInBf16EndsWithinOnePercentOfFloat32() throws Exception {
        double full = trainedTestNegElbo("fp32");
        double half = trainedTestNegElbo("bf16");
        assertNotEquals(full, half, "bf16 really computes in bfloat16");
        assertEquals(full, half, 0.01 * full, "test -ELBO fp32 " + full + ", bf16 " + half);
    }
}
