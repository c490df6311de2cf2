package genmodels.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.ConfigException;
import genmodels.engine.ImageSpec;
import genmodels.models.vae.VaeConfig;
import genmodels.models.vae.VariationalAutoencoder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The class labels of the conditional models, and the conditional VAE's use of them. */
class ConditionalModelsTest {

    private static final ImageSpec IMAGE = new ImageSpec(1, 3, 4, 3);

    @Test
    void oneHotCodesAreExactAndGridRowsRepeatEachClass() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray code = ClassLabels.oneHot(m.create(new int[] {2, 0, 3}), 4);
            assertEquals(DataType.FLOAT32, code.getDataType());
            assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, code.toFloatArray());
        }
        assertArrayEquals(new int[] {4, 4, 1, 1}, ClassLabels.rows(new int[] {4, 1}, 2));
    }

    @Test
    void uniformLabelsCoverEveryClassAndNoOther() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            int[] labels = ClassLabels.uniform(m, 3000, 3).toIntArray();
            int[] counts = new int[3];
            for (int y : labels) {
                counts[y]++;
            }
            for (int c : counts) {
                assertEquals(1000, c, 100, "about a third each: " + java.util.Arrays.toString(counts));
            }
        }
    }

    @Test
    void aConditionalModelOfUnlabelledImagesIsRefusedNamingTheKey() {
        assertEquals(0, ClassLabels.classes(false, new ImageSpec(1, 3, 4, 0)));
        assertEquals(3, ClassLabels.classes(true, IMAGE));
        ConfigException e =
                assertThrows(ConfigException.class, () -> ClassLabels.classes(true, new ImageSpec(1, 3, 4, 0)));
        assertTrue(e.getMessage().contains("model.conditional"), e.getMessage());
        assertTrue(e.getMessage().contains("carry no labels"), e.getMessage());
    }

    private static VariationalAutoencoder conditionalVae(NDManager m, String architecture) {
        Engine.getInstance().setRandomSeed(7);
        VaeConfig config = new VaeConfig(
                "vae",
                architecture,
                List.of(2),
                "pytorch",
                List.of(6),
                2,
                "bernoulli",
                1.0,
                0.1,
                null,
                1,
                "normal",
                10,
                0,
                true);
        VariationalAutoencoder vae = new VariationalAutoencoder(config, IMAGE);
        vae.initialize(m, DataType.FLOAT32, new Shape(2, 12));
        return vae;
    }

    @Test
    void theConditionalVaesEncoderAndDecoderReadTheClass() {
        for (String architecture : List.of("mlp", "conv")) {
            try (NDManager m = NDManager.newBaseManager()) {
                VariationalAutoencoder vae = conditionalVae(m, architecture);
                ParameterStore store = new ParameterStore(m, false);
                NDArray x = m.randomUniform(0f, 1f, new Shape(2, 12));
                NDArray z = m.randomNormal(new Shape(2, 2));
                NDArray zeros = m.create(new int[] {0, 0});
                NDArray twos = m.create(new int[] {2, 2});
                assertNotEquals(
                        vae.posterior(store, x, zeros, false).get(0).getFloat(0, 0),
                        vae.posterior(store, x, twos, false).get(0).getFloat(0, 0),
                        architecture + ": q(z | x, y) depends on y");
                assertNotEquals(
                        vae.decodeLogits(store, z, zeros, false).getFloat(0, 0),
                        vae.decodeLogits(store, z, twos, false).getFloat(0, 0),
                        architecture + ": p(x | z, y) depends on y");
                assertTrue(vae.conditional());
                assertThrows(IllegalStateException.class, () -> vae.encode(store, x), "no label-free code");
            }
        }
    }

    @Test
    void theConditionalSamplerDecodesPriorDrawsWithTheAskedClass() {
        try (NDManager m = NDManager.newBaseManager()) {
            VariationalAutoencoder vae = conditionalVae(m, "mlp");
            ParameterStore store = new ParameterStore(m, false);
            ClassSampler sampler =
                    (ClassSampler) vae.priorSampler(SamplingSettings.DEFAULTS).orElseThrow();
            assertEquals(3, sampler.classes());
            NDArray labels = m.create(new int[] {1, 1, 2});
            Engine.getInstance().setRandomSeed(9);
            float[] drawn = sampler.sample(store, m, labels).toFloatArray();
            Engine.getInstance().setRandomSeed(9);
            NDArray z = m.randomNormal(new Shape(3, 2), DataType.FLOAT32);
            float[] expected = ai.djl.nn.Activation.sigmoid(vae.decodeLogits(store, z, labels, false))
                    .toFloatArray();
            assertArrayEquals(expected, drawn, 1e-6f);
            assertEquals(Set.of(Picture.PRIOR_SAMPLES), vae.pictures(), "no reconstructions without the class");
        }
    }
}
