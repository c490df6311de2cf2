package genmodels.models.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import genmodels.config.OptimizerConfig;
import genmodels.engine.ImageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WGAN-GP penalty against finite differences: the gradient norm it penalises equals the norm of
 * a central-difference gradient of the critic, and the gradient it sends to the critic's weights
 * (through the double backward) equals a central difference of the penalty itself.
 */
class GradientPenaltyTest {

    private static final int PIXELS = 12;

    private static Gan critic(NDManager m) {
        Engine.getInstance().setRandomSeed(7);
        GanConfig config = new GanConfig(
                "gan",
                "mlp",
                3,
                List.of(8),
                List.of(16, 8),
                "wgan-gp",
                10,
                1,
                0.2,
                new OptimizerConfig("adam", 1e-3, List.of(0.5, 0.999), 1e-8, 0));
        Gan gan = new Gan(config, new ImageSpec(1, 3, 4, 10));
        gan.initialize(m, DataType.FLOAT32, new Shape(1, PIXELS));
        return gan;
    }

    /** D(x) in float64 arithmetic of float32 scores, for one image. */
    private static double score(Gan gan, ParameterStore store, NDManager m, double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        try (NDManager s = m.newSubManager()) {
            return gan.scores(store, s.create(f, new Shape(1, x.length)), null, false)
                    .getFloat(0);
        }
    }

    @Test
    void thePenaltyIsTheSquaredDistanceOfTheFiniteDifferenceGradientNormFromOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gan gan = critic(m);
            ParameterStore store = new ParameterStore(m, false);
            GradientPenalty penalty = new GradientPenalty((ai.djl.pytorch.engine.PtNDManager) m);
            NDArray points = m.randomUniform(0f, 1f, new Shape(3, PIXELS), DataType.FLOAT32);
            float[] gp = penalty.perImage(x -> gan.scores(store, x, null, false), points)
                    .toFloatArray();
            float[] flat = points.toFloatArray();
            double h = 1e-3; // the critic is piecewise linear: central differences are exact between its kinks
            for (int image = 0; image < 3; image++) {
                double squared = 0;
                for (int j = 0; j < PIXELS; j++) {
                    double[] plus = new double[PIXELS];
                    double[] minus = new double[PIXELS];
                    for (int k = 0; k < PIXELS; k++) {
                        plus[k] = flat[image * PIXELS + k];
                        minus[k] = plus[k];
                    }
                    plus[j] += h;
                    minus[j] -= h;
                    double g = (score(gan, store, m, plus) - score(gan, store, m, minus)) / (2 * h);
                    squared += g * g;
                }
                double expected = Math.pow(Math.sqrt(squared) - 1, 2);
                assertEquals(expected, gp[image], 1e-3, "image " + image);
            }
        }
    }

    @Test
    void thePenaltysGradientReachesTheCriticsWeightsAsItsFiniteDifferenceSays() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gan gan = critic(m);
            ParameterStore store = new ParameterStore(m, false);
            GradientPenalty penalty = new GradientPenalty((ai.djl.pytorch.engine.PtNDManager) m);
            NDArray points = m.randomUniform(0f, 1f, new Shape(4, PIXELS), DataType.FLOAT32);
            Parameter weight = gan.getChildren()
                    .get(1)
                    .getValue()
                    .getParameters()
                    .get(0)
                    .getValue(); // the discriminator's first weight
            NDArray w = weight.getArray();
            float[] before = w.toFloatArray();
            float[] grad;
            try (NDManager s = m.newSubManager();
                    GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray x = points.duplicate();
                x.attach(s);
                c.backward(penalty.perImage(y -> gan.scores(store, y, null, true), x)
                        .sum());
                grad = w.getGradient().toFloatArray();
            }
            double h = 1e-3;
            int checked = 0;
            for (int index : new int[] {0, 5, 17, 40}) {
                double[] values = new double[2];
                for (int side = 0; side < 2; side++) {
                    float[] moved = before.clone();
                    moved[index] += (float) (side == 0 ? h : -h);
                    w.set(moved);
                    try (NDManager s = m.newSubManager()) {
                        NDArray x = points.duplicate();
                        x.attach(s);
                        values[side] = penalty.perImage(y -> gan.scores(store, y, null, false), x)
                                .sum()
                                .getFloat();
                    }
                }
                w.set(before);
                double numeric = (values[0] - values[1]) / (2 * h);
                assertEquals(numeric, grad[index], 2e-2 * Math.max(1, Math.abs(numeric)), "weight " + index);
                if (Math.abs(numeric) > 1e-3) {
                    checked++;
                }
            }
            assertTrue(checked > 0, "at least one weight moves the penalty");
        }
    }
}
