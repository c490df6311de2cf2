package genmodels.models.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import genmodels.models.ClassSampler;
import genmodels.models.SamplingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Classifier-free guidance (Ho &amp; Salimans 2022): the guided prediction, the label dropout, the refusals. */
class ClassifierFreeGuidanceTest {

    private static Diffusion model(NDManager m, boolean conditional, double uncondProb) {
        Engine.getInstance().setRandomSeed(3);
        DiffusionConfig config = new DiffusionConfig(
                "diffusion", "linear", 12, 1e-3, 0.2, List.of(16), 0.0, 4, 0.0, false, conditional, uncondProb, 0.0);
        Diffusion d = new Diffusion(config, new ImageSpec(1, 4, 4, 3));
        d.initialize(m, DataType.FLOAT32, new Shape(1, 16));
        return d;
    }

    @Test
    void theGuidedPredictionIsOnePlusWTimesTheConditionalMinusWTimesTheUnconditional() {
        try (NDManager m = NDManager.newBaseManager()) {
            Diffusion d = model(m, true, 0.1);
            ParameterStore store = new ParameterStore(m, false);
            NDArray xt = m.randomNormal(new Shape(3, 1, 4, 4));
            NDArray t = m.create(new float[] {2, 7, 12});
            NDArray labels = m.create(new int[] {0, 2, 1});
            float[] conditional = d.predictNoise(store, xt, t, labels, 0).toFloatArray();
            float[] unconditional = d.predictNoise(store, xt, t, m.create(new int[] {3, 3, 3}), 0)
                    .toFloatArray();
            float[] guided = d.predictNoise(store, xt, t, labels, 2.5).toFloatArray();
            double largest = 0;
            for (int i = 0; i < guided.length; i++) {
                assertEquals(3.5 * conditional[i] - 2.5 * unconditional[i], guided[i], 1e-5, "value " + i);
                largest = Math.max(largest, Math.abs(conditional[i] - unconditional[i]));
            }
            assertTrue(largest > 1e-4, "the class changes the prediction");
        }
    }

    @Test
    void trainingDropsTheClassWithProbabilityUncondProbAndEvaluationNever() {
        try (NDManager m = NDManager.newBaseManager()) {
            Diffusion d = model(m, true, 0.1);
            NDArray labels = m.zeros(new Shape(20_000), DataType.INT32);
            Engine.getInstance().setRandomSeed(1);
            int[] dropped = d.droppedLabels(labels, true).toIntArray();
            int none = 0;
            for (int y : dropped) {
                assertTrue(y == 0 || y == 3, "a label or no class (3), found " + y);
                none += y == 3 ? 1 : 0;
            }
            assertEquals(0.1, none / 20_000.0, 0.01);
            assertEquals(0, d.droppedLabels(labels, false).sum().getLong(), "evaluation keeps every label");
        }
    }

    @Test
    void guidanceIsRefusedByAnUnconditionalModelAndOutsideItsRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            Diffusion plain = model(m, false, 0.1);
            UserError e = assertThrows(UserError.class, () -> plain.priorSampler(new SamplingSettings(0, null, 1.0)));
            assertTrue(e.getMessage().contains("--guidance"), e.getMessage());
            Diffusion conditional = model(m, true, 0.1);
            assertThrows(UserError.class, () -> conditional.priorSampler(new SamplingSettings(0, null, -1.0)));
            ClassSampler sampler = (ClassSampler)
                    conditional.priorSampler(new SamplingSettings(0, null, 2.0)).orElseThrow();
            assertTrue(sampler.description().contains("guidance w = 2.0"), sampler.description());
            Diffusion neverUnconditional = model(m, true, 0.0);
            assertThrows(UserError.class, () -> neverUnconditional.priorSampler(new SamplingSettings(0, null, 1.0)));
        }
    }
}
