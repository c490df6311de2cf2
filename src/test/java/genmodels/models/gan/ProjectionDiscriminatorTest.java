package genmodels.models.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.OptimizerConfig;
import genmodels.engine.ImageSpec;
import genmodels.models.ClassSampler;
import genmodels.models.ParameterGroup;
import genmodels.models.SamplingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conditional GAN's projection discriminator (Miyato &amp; Koyama 2018, eq. 3): changing the
 * class changes the score by exactly (e_y - e_y') . phi(x), and the projection is trained with the
 * discriminator.
 */
class ProjectionDiscriminatorTest {

    private static Gan gan(String architecture, NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        GanConfig config = new GanConfig(
                "gan",
                architecture,
                4,
                List.of(8, 4),
                List.of(6, 5),
                "hinge",
                10,
                1,
                0.2,
                new OptimizerConfig("adam", 1e-3, List.of(0.5, 0.999), 1e-8, 0),
                true);
        Gan gan = new Gan(config, new ImageSpec(1, 4, 8, 3));
        gan.initialize(m, DataType.FLOAT32, new Shape(1, 32));
        return gan;
    }

    @Test
    void theClassAddsItsProjectionOfTheFeaturesToTheScore() {
        for (String architecture : List.of("mlp", "conv")) {
            try (NDManager m = NDManager.newBaseManager()) {
                Gan gan = gan(architecture, m);
                ParameterStore store = new ParameterStore(m, false);
                NDArray x = m.randomUniform(0f, 1f, new Shape(2, 32));
                NDArray e = gan.getParameters().get("projection").getArray(); // [3, features]
                NDArray phi = gan.getChildren()
                        .values()
                        .get(1) // generator, discriminator, score
                        .forward(store, new ai.djl.ndarray.NDList(x), false)
                        .singletonOrThrow();
                float[] s0 =
                        gan.scores(store, x, m.create(new int[] {0, 0}), false).toFloatArray();
                float[] s2 =
                        gan.scores(store, x, m.create(new int[] {2, 2}), false).toFloatArray();
                float[] expected = e.get(0)
                        .sub(e.get(2))
                        .expandDims(0)
                        .mul(phi)
                        .sum(new int[] {1})
                        .toFloatArray();
                for (int i = 0; i < 2; i++) {
                    assertEquals(expected[i], s0[i] - s2[i], 1e-5, architecture + " image " + i);
                }
                assertTrue(Math.abs(expected[0]) > 1e-6, "a non-trivial difference");
            }
        }
    }

    @Test
    void theProjectionAndTheScoreAreInTheDiscriminatorsGroup() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gan gan = gan("mlp", m);
            List<ParameterGroup> groups = gan.parameterGroups(gan.config().discriminatorOptimizer());
            List<String> critic = groups.get(0).parameters().keys();
            assertTrue(critic.contains("projection"), critic.toString());
            assertTrue(critic.contains("score_weight") && critic.contains("score_bias"), critic.toString());
            int all = gan.getParameters().size();
            assertEquals(all, critic.size() + groups.get(1).parameters().size(), "every parameter in one group");
        }
    }

    @Test
    void theGeneratorDrawsTheAskedClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gan gan = gan("conv", m);
            ParameterStore store = new ParameterStore(m, false);
            ClassSampler sampler =
                    (ClassSampler) gan.priorSampler(SamplingSettings.DEFAULTS).orElseThrow();
            NDArray labels = m.create(new int[] {0, 1, 2});
            Engine.getInstance().setRandomSeed(4);
            float[] a = sampler.sample(store, m, labels).toFloatArray();
            Engine.getInstance().setRandomSeed(4);
            float[] b = sampler.sample(store, m, m.create(new int[] {2, 1, 0})).toFloatArray();
            assertEquals(3 * 32, a.length);
            assertEquals(a[32], b[32], 1e-7, "the same noise and class: the same image");
            assertTrue(Math.abs(a[0] - b[0]) > 1e-7, "the same noise, another class: another image");
        }
    }
}
