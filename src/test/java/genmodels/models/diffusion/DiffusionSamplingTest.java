package genmodels.models.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import genmodels.models.SamplingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedulers of a (small, untrained) diffusion model on a toy case. */
class DiffusionSamplingTest {

    private static Diffusion model(NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        DiffusionConfig config =
                new DiffusionConfig("diffusion", "linear", 12, 1e-3, 0.2, List.of(8), 0.999, 4, 0.0, false);
        Diffusion d = new Diffusion(config, new ImageSpec(1, 4, 4, 10));
        d.initialize(m, DataType.FLOAT32, new Shape(1, 16));
        return d;
    }

    @Test
    void ddimWithEtaOneOverEveryStepDrawsWhatTheAncestralSamplerDraws() {
        try (NDManager m = NDManager.newBaseManager()) {
            Diffusion d = model(m);
            ParameterStore store = new ParameterStore(m, false);
            NDArray noise = d.noise(m, 6);
            Engine.getInstance().setRandomSeed(11);
            float[] ancestral = new ReverseProcess(d, new DdpmScheduler(d.schedule(), false))
                    .run(store, noise)
                    .toFloatArray();
            Engine.getInstance().setRandomSeed(11);
            float[] ddim = new ReverseProcess(d, new DdimScheduler(d.schedule(), 12, 1.0, false))
                    .run(store, noise)
                    .toFloatArray();
            assertEquals(6 * 16, ddim.length);
            for (int i = 0; i < ddim.length; i++) {
                assertEquals(ancestral[i], ddim[i], 1e-4, "pixel " + i);
            }
        }
    }

    @Test
    void etaZeroIsDeterministicWhateverTheGeneratorsState() {
        try (NDManager m = NDManager.newBaseManager()) {
            Diffusion d = model(m);
            ParameterStore store = new ParameterStore(m, false);
            NDArray noise = d.noise(m, 3);
            ReverseProcess deterministic = new ReverseProcess(d, new DdimScheduler(d.schedule(), 4, 0.0, false));
            Engine.getInstance().setRandomSeed(1);
            float[] a = deterministic.run(store, noise).toFloatArray();
            Engine.getInstance().setRandomSeed(2);
            assertArrayEquals(a, deterministic.run(store, noise).toFloatArray());
        }
    }

    @Test
    void thePriorSamplerChoosesItsSchedulerFromTheStepsAndRefusesBadOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Diffusion d = model(m);
            assertEquals(
                    "ddim, 4 steps, eta 0.0",
                    d.priorSampler(SamplingSettings.DEFAULTS).orElseThrow().description());
            assertEquals(
                    "ddpm ancestral, 12 steps",
                    d.priorSampler(new SamplingSettings(12, null)).orElseThrow().description());
            assertEquals(
                    "ddim, 6 steps, eta 0.5",
                    d.priorSampler(new SamplingSettings(6, 0.5)).orElseThrow().description());
            UserError steps = assertThrows(UserError.class, () -> d.priorSampler(new SamplingSettings(13, null)));
            assertTrue(steps.getMessage().startsWith("--steps must be in [0, T] (T = 12"), steps.getMessage());
            UserError eta = assertThrows(UserError.class, () -> d.priorSampler(new SamplingSettings(0, 1.5)));
            assertTrue(eta.getMessage().startsWith("--eta must be in [0, 1]"), eta.getMessage());
        }
    }

    @Test
    void stepTimesRunEvenlyFromZeroToT() {
        assertArrayEquals(new int[] {0, 250, 500, 750, 1000}, DdimScheduler.evenlySpaced(1000, 4));
        int[] all = DdimScheduler.evenlySpaced(7, 7);
        for (int i = 0; i <= 7; i++) {
            assertEquals(i, all[i]);
        }
        int[] fifty = DdimScheduler.evenlySpaced(1000, 50);
        assertEquals(1000, fifty[50]);
        for (int i = 1; i <= 50; i++) {
            assertTrue(fifty[i] > fifty[i - 1]);
        }
    }
}
