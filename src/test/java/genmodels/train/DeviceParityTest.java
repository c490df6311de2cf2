package genmodels.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same VAE trained with the same seed on the CPU and on a CUDA GPU. Skipped, saying so, where
 * libtorch sees no GPU (CI never has one). The two runs cannot be bit for bit equal: CUDA's
 * generator draws other noise than the CPU's for the same seed, and its kernels sum in another
 * order. What must hold: everything the GPU run computes lives on the GPU, and the test -ELBO lands
 * within 2% of the CPU's (on this 1,000-image slice, after 3 epochs, seeds 1 to 6 on the CPU gave
 * 225.3 to 227.0 nats: 0.8% apart). Written without a GPU to run it on: it has not run yet.
 */
class DeviceParityTest {

    private static double trainAndScore(Device device, boolean assertPlacement) throws Exception {
        try (NDManager m = NDManager.newBaseManager(device)) {
            Datasets.Splits data = Datasets.load(TestData.slice(), m);
            Engine.getInstance().setRandomSeed(5);
            VariationalAutoencoder vae = new VariationalAutoencoder(
                    new VaeConfig("vae", List.of(128), 8, "bernoulli", 1.0, 0.1), ImageSpec.MNIST);
            vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            OptimizerConfig adam = new OptimizerConfig("adam", 1e-3, List.of(0.9, 0.999), 1e-8, 0);
            List<EpochResult> history = new TrainingLoop(
                            vae, new TrainConfig(3, 50, adam, 5), data, m, new ParameterStore(m, false), List.of())
                    .run();
            if (assertPlacement) {
                assertEquals(device, data.train().images().getDevice(), "the training split lives on the GPU");
                vae.getParameters()
                        .forEach(p ->
                                assertEquals(device, p.getValue().getArray().getDevice(), "parameter " + p.getKey()));
            }
            return history.get(history.size() - 1).metrics().get("test").get("neg_elbo");
        }
    }

    @Test
    void theSameSeedOnCpuAndCudaGivesTheSameTestElbo() throws Exception {
        assumeTrue(
                Engine.getInstance().getGpuCount() > 0,
                "no CUDA GPU visible to libtorch: CPU/CUDA placement and parity not checked here");
        double cpu = trainAndScore(Device.cpu(), false);
        double gpu = trainAndScore(Device.gpu(), true);
        assertTrue(Math.abs(cpu - gpu) < 0.02 * cpu, "test -ELBO on CPU " + cpu + " vs CUDA " + gpu);
    }
}
