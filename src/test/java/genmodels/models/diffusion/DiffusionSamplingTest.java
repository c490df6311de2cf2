package genmodels.models.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The samplers of a (small, untrained) diffusion model on a toy case. */
class DiffusionSamplingTest {

    private static Diffusion model(double eta, int sampleSteps, NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        DiffusionConfig config = new DiffusionConfig("diffusion", "linear", 12, 1e-3, 0.2, List.of(8), 0.999,
                sampleSteps, eta, false);
        Diffusion d = new Diffusion(config, 16);
        d.initialize(m, DataType.FLOAT32, new Shape(1, 16));
        return d;
    }

    @Test
    void ddimWithEtaOneOverEveryStepDrawsWhatTheAncestralSamplerDraws() {
        try (NDManager m = NDManager.newBaseManager()) {
            Diffusion ddimModel = model(1.0, 12, m);
            ParameterStore store = new ParameterStore(m, false);
            NDArray noise = ddimModel.noise(m, 6);
            Engine.getInstance().setRandomSeed(11);
            float[] ancestral = ddimModel.generate(store, noise, 12).toFloatArray();
            Engine.getInstance().setRandomSeed(11);
            float[] ddim = ddimModel.generateDdim(store, noise, 12).toFloatArray();
            assertEquals(6 * 16, ddim.length);
            for (int i = 0; i < ddim.length; i++) {
                assertEquals(ancestral[i], ddim[i], 1e-4, "pixel " + i);
            }
            // eta = 0 is deterministic: the same noise gives the same images whatever the generator's state
            Diffusion deterministic = model(0.0, 4, m);
            Engine.getInstance().setRandomSeed(1);
            float[] a = deterministic.generate(store, noise, 4).toFloatArray();
            Engine.getInstance().setRandomSeed(2);
            assertArrayEquals(a, deterministic.generate(store, noise, 4).toFloatArray());
        }
    }

    @Test
    void stepTimesRunEvenlyFromZeroToT() {
        assertArrayEquals(new int[] {0, 250, 500, 750, 1000}, Diffusion.stepTimes(1000, 4));
        int[] all = Diffusion.stepTimes(7, 7);
        for (int i = 0; i <= 7; i++) {
            assertEquals(i, all[i]);
        }
        int[] fifty = Diffusion.stepTimes(1000, 50);
        assertEquals(1000, fifty[50]);
        for (int i = 1; i <= 50; i++) {
            assertTrue(fifty[i] > fifty[i - 1]);
        }
    }
}
