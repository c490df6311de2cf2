package genmodels.models.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.config.OptimizerConfig;
import genmodels.engine.ImageSpec;
import genmodels.models.LossTerms;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three GAN losses against their formulas written out here (Goodfellow et al. 2014 sec. 3;
 * Lim &amp; Ye 2017; Gulrajani et al. 2017), from the discriminator's scores s of real and f of
 * generated images: each reported term and the objectives of both phases.
 */
class GanLossTest {

    private static final int PIXELS = 12;
    private static final int BATCH = 6;

    private static Gan gan(String loss, NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        GanConfig config = new GanConfig(
                "gan",
                "mlp",
                4,
                List.of(8),
                List.of(8),
                loss,
                10,
                2,
                0.2,
                new OptimizerConfig("adam", 1e-3, List.of(0.5, 0.999), 1e-8, 0));
        Gan gan = new Gan(config, new ImageSpec(1, 3, 4, 10));
        gan.initialize(m, DataType.FLOAT32, new Shape(1, PIXELS));
        return gan;
    }

    private static double softplus(double t) {
        return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
    }

    /** D's scores of the real images and of the generated ones the loss draws after seeding the engine with 11. */
    private static double[][] scores(Gan gan, ParameterStore store, NDArray x, NDManager m) {
        Engine.getInstance().setRandomSeed(11);
        NDArray fake = gan.generate(store, gan.noise(m, BATCH), null); // the loss's first draw
        float[] s = gan.scores(store, x, null, false).toFloatArray();
        float[] f = gan.scores(store, fake, null, false).toFloatArray();
        double[][] out = new double[2][BATCH];
        for (int i = 0; i < BATCH; i++) {
            out[0][i] = s[i];
            out[1][i] = f[i];
        }
        return out;
    }

    @Test
    void eachLossReportsItsFormulaOfTheScores() {
        for (String loss : List.of("nonsaturating", "hinge", "wgan-gp")) {
            try (NDManager m = NDManager.newBaseManager()) {
                Gan gan = gan(loss, m);
                ParameterStore store = new ParameterStore(m, false);
                Engine.getInstance().setRandomSeed(1);
                NDArray x = m.randomUniform(0, 1, new Shape(BATCH, PIXELS));
                double[][] sf = scores(gan, store, x, m);
                Engine.getInstance().setRandomSeed(11);
                LossTerms terms = gan.loss(store, x, null, false);
                double d = 0;
                double g = 0;
                int real = 0;
                int fake = 0;
                for (int i = 0; i < BATCH; i++) {
                    double s = sf[0][i];
                    double f = sf[1][i];
                    d += switch (loss) {
                        case "nonsaturating" -> softplus(-s) + softplus(f); // -log sigmoid(s) - log(1 - sigmoid(f))
                        case "hinge" -> Math.max(0, 1 - s) + Math.max(0, 1 + f);
                        default -> f - s;
                    };
                    g += loss.equals("nonsaturating") ? softplus(-f) : -f;
                    real += s > 0 ? 1 : 0;
                    fake += f < 0 ? 1 : 0;
                }
                assertEquals(d, terms.sums().get("d_loss").getFloat(), 1e-4, loss + " d_loss");
                assertEquals(g, terms.sums().get("g_loss").getFloat(), 1e-4, loss + " g_loss");
                assertEquals(real, terms.sums().get("real_accuracy").getFloat(), 0, loss);
                assertEquals(fake, terms.sums().get("fake_accuracy").getFloat(), 0, loss);
                double penalty = loss.equals("wgan-gp")
                        ? terms.sums().get("gradient_penalty").getFloat()
                        : 0;
                assertEquals(
                        d / BATCH + 10 * penalty / BATCH,
                        terms.objective().getFloat(),
                        1e-4,
                        loss + ": L_D's mean, plus lambda times the penalty's for wgan-gp");
            }
        }
    }

    @Test
    void theGeneratorPhaseMinimisesItsLossEveryCriticStepsSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gan gan = gan("nonsaturating", m);
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0, 1, new Shape(BATCH, PIXELS));
            assertNull(gan.phaseLoss("generator", store, x, null, 0), "critic_steps 2: step 1 updates D only");
            Engine.getInstance().setRandomSeed(11);
            NDArray fake = gan.generate(store, gan.noise(m, BATCH), null);
            float[] f = gan.scores(store, fake, null, false).toFloatArray();
            double expected = 0;
            for (float v : f) {
                expected += softplus(-v) / BATCH; // the generator maximises log D(G(z))
            }
            Engine.getInstance().setRandomSeed(11);
            assertEquals(
                    expected,
                    gan.phaseLoss("generator", store, x, null, 1).objective().getFloat(),
                    1e-5);
        }
    }
}
