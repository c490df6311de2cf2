package genmodels.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.engine.ImageSpec;
import genmodels.errors.UserError;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    private static VariationalAutoencoder vae(NDManager m, int seed, List<Integer> hidden) {
        Engine.getInstance().setRandomSeed(seed);
        VariationalAutoencoder vae =
                new VariationalAutoencoder(new VaeConfig("vae", hidden, 5, "bernoulli", 1.0, 0.1), ImageSpec.MNIST);
        vae.initialize(m, DataType.FLOAT32, new Shape(1, 784));
        return vae;
    }

    @Test
    void saveThenLoadGivesIdenticalDecoderOutputs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.randomNormal(new Shape(16, 5));
            VariationalAutoencoder saved = vae(m, 1, List.of(40));
            float[] before = saved.decode(new ParameterStore(m, false), z).toFloatArray();
            Path file = dir.resolve("model.params");
            Checkpoints.saveWeights(saved, file);

            VariationalAutoencoder loaded = vae(m, 2, List.of(40));
            float[] other = loaded.decode(new ParameterStore(m, false), z).toFloatArray();
            assertFalse(Arrays.equals(before, other), "different seeds start from different weights");
            Checkpoints.loadWeights(loaded, m, file);
            assertArrayEquals(
                    before, loaded.decode(new ParameterStore(m, false), z).toFloatArray());
        }
    }

    @Test
    void truncatedOrForeignWeightsAreAUserError() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Path file = dir.resolve("model.params");
            Checkpoints.saveWeights(vae(m, 1, List.of(40)), file);
            byte[] bytes = Files.readAllBytes(file);
            Path truncated = dir.resolve("truncated.params");
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
            UserError e =
                    assertThrows(UserError.class, () -> Checkpoints.loadWeights(vae(m, 1, List.of(40)), m, truncated));
            assertTrue(e.getMessage().contains("truncated.params"), e.getMessage());
            UserError other =
                    assertThrows(UserError.class, () -> Checkpoints.loadWeights(vae(m, 1, List.of(30)), m, file));
            assertTrue(other.getMessage().contains("different model architecture"), other.getMessage());
            assertThrows(
                    UserError.class, () -> Checkpoints.loadWeights(vae(m, 1, List.of(40)), m, dir.resolve("none")));
        }
    }
}
