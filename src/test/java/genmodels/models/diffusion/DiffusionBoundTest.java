package genmodels.models.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.engine.ImageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-term estimate of the negative variational bound (Ho et al. 2020 eq. 5, 12, 13) against
 * the same formulas written out here in double arithmetic, for a step t &gt;= 2 and for t = 1 (the
 * discretised decoder), on a small untrained model: only the noise prediction is taken from it.
 */
class DiffusionBoundTest {

    private static final int SIDE = 4;
    private static final int T = 10;

    /** Phi by erf (Abramowitz &amp; Stegun 7.1.26, absolute error below 1.5e-7). */
    private static double phi(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1
                - t
                        * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                        * Math.exp(-x * x);
        return 0.5 * (1 + Math.signum(z) * erf);
    }

    @Test
    void theEstimateIsThePriorTermPlusTTimesTheStepsTerm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            DiffusionConfig config =
                    new DiffusionConfig("diffusion", "linear", T, 1e-2, 0.3, List.of(8), 0, 4, 0, true);
            Diffusion d = new Diffusion(config, new ImageSpec(1, SIDE, SIDE, 10));
            d.initialize(m, DataType.FLOAT32, new Shape(1, SIDE * SIDE));
            ParameterStore store = new ParameterStore(m, false);
            float[] pixels = new float[2 * SIDE * SIDE];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (i * 37 % 256) / 255f; // grey levels k / 255, 0 and 1 among them
            }
            NDArray x = m.create(pixels, new Shape(2, SIDE * SIDE));
            int[] t = {1, 6};
            Engine.getInstance().setRandomSeed(9);
            double[] estimate = d.boundEstimate(store, x, null, t);
            Engine.getInstance().setRandomSeed(9);
            float[] eps = m.randomNormal(new Shape(2, 1, SIDE, SIDE), DataType.FLOAT32)
                    .toFloatArray();
            NoiseSchedule s = d.schedule();
            double abT = s.alphaBar(T);
            for (int b = 0; b < 2; b++) {
                int step = t[b];
                double ab = s.alphaBar(step);
                float[] xt = new float[SIDE * SIDE];
                double prior = 0;
                for (int i = 0; i < xt.length; i++) {
                    double x0 = 2 * pixels[b * xt.length + i] - 1;
                    xt[i] = (float) (Math.sqrt(ab) * x0 + Math.sqrt(1 - ab) * eps[b * xt.length + i]);
                    prior += 0.5 * (abT * x0 * x0 + (1 - abT) - 1 - Math.log(1 - abT)); // KL(q(x_T|x_0) || N(0, I))
                }
                float[] predicted = d.predictNoise(
                                store, m.create(xt, new Shape(1, 1, SIDE, SIDE)), m.create(new float[] {step}))
                        .toFloatArray();
                double term = 0;
                for (int i = 0; i < xt.length; i++) {
                    if (step >= 2) {
                        double beta = s.beta(step);
                        double betaTilde = (1 - s.alphaBar(step - 1)) / (1 - ab) * beta;
                        double e = eps[b * xt.length + i] - predicted[i];
                        term += beta * beta / (2 * betaTilde * (1 - beta) * (1 - ab)) * e * e;
                    } else {
                        double beta1 = s.beta(1);
                        double mu = (xt[i] - beta1 / Math.sqrt(1 - ab) * predicted[i]) / Math.sqrt(1 - beta1);
                        double x0 = 2 * pixels[b * xt.length + i] - 1;
                        double sd = Math.sqrt(beta1);
                        double upper = x0 > 0.999 ? 1 : phi((x0 + 1.0 / 255 - mu) / sd);
                        double lower = x0 < -0.999 ? 0 : phi((x0 - 1.0 / 255 - mu) / sd);
                        term -= Math.log(Math.max(upper - lower, 1e-12));
                    }
                }
                double expected = prior + T * term;
                assertEquals(expected, estimate[b], 1e-3 * Math.abs(expected) + 1e-2, "t = " + step);
            }
        }
    }
}
