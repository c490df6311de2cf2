package genmodels.models.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    @Test
    void linearBetasRunFromStartToEndAndAlphaBarIsTheirProduct() {
        NoiseSchedule s = NoiseSchedule.linear(1000, 1e-4, 0.02);
        assertEquals(1e-4, s.beta(1), 1e-15);
        assertEquals(0.02, s.beta(1000), 1e-15);
        assertEquals((1e-4 + 0.02) / 2, (s.beta(500) + s.beta(501)) / 2, 1e-12);
        double product = 1;
        for (int t = 1; t <= 1000; t++) {
            product *= 1 - s.beta(t);
            assertEquals(product, s.alphaBar(t), 1e-15 + 1e-12 * product);
        }
        assertEquals(1.0, s.alphaBar(0));
        assertTrue(s.alphaBar(1000) < 1e-4, "almost pure noise at T: " + s.alphaBar(1000));
    }

    @Test
    void cosineAlphaBarFollowsItsClosedFormUntilBetaIsClipped() {
        int steps = 1000;
        NoiseSchedule s = NoiseSchedule.cosine(steps);
        double product = 1;
        for (int t = 1; t <= steps; t++) {
            product *= 1 - s.beta(t);
            assertEquals(product, s.alphaBar(t), 1e-14);
            if (s.beta(t) < NoiseSchedule.MAX_BETA) {
                // the product of (1 - beta) telescopes to f(t) / f(0) while no beta is clipped
                assertEquals(NoiseSchedule.cosineAlphaBar(t, steps), s.alphaBar(t), 1e-9, "t = " + t);
            }
        }
        assertEquals(NoiseSchedule.MAX_BETA, s.beta(steps), 0, "the last beta is clipped");
        assertTrue(s.beta(1) < 1e-4, "the cosine schedule starts gentler than the linear one: " + s.beta(1));
    }

    @Test
    void thePosteriorMatchesGaussianConditioning() {
        // q(x_{t-1} | x_0) = N(sqrt(ab') x0, 1 - ab') and q(x_t | x_{t-1}) = N(sqrt(a) x_{t-1}, beta):
        // the posterior precision is 1 / (1 - ab') + a / beta, and its mean is the precision-weighted sum
        NoiseSchedule s = NoiseSchedule.cosine(200);
        Random r = new Random(3);
        for (int t = 2; t <= 200; t += 7) {
            double ab = s.alphaBar(t - 1);
            double a = 1 - s.beta(t);
            double precision = 1 / (1 - ab) + a / s.beta(t);
            double x0 = r.nextGaussian();
            double xt = r.nextGaussian();
            double mean = (Math.sqrt(ab) * x0 / (1 - ab) + Math.sqrt(a) * xt / s.beta(t)) / precision;
            double[] p = s.posterior(t);
            assertEquals(1 / precision, p[2], 1e-12, "variance at t = " + t);
            assertEquals(mean, p[0] * x0 + p[1] * xt, 1e-10, "mean at t = " + t);
        }
        // at t = 1 the posterior is x_0 itself
        double[] first = s.posterior(1);
        assertEquals(0, first[2], 1e-15);
        assertEquals(1, first[0], 1e-12);
    }

    /** DdimScheduler's step against the posterior mean and DDIM's eq. 12 written out in doubles. */
    @Test
    void ddimWithEtaOneAndEveryStepIsTheAncestralStep() {
        NoiseSchedule s = NoiseSchedule.linear(100, 1e-4, 0.02);
        DdimScheduler stochastic = new DdimScheduler(s, 100, 1.0, false);
        Random r = new Random(5);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            for (int t = 2; t <= 100; t += 7) {
                double x0 = r.nextGaussian();
                double eps = r.nextGaussian();
                double xt = Math.sqrt(s.alphaBar(t)) * x0 + Math.sqrt(1 - s.alphaBar(t)) * eps; // q(x_t | x_0)
                double[] p = s.posterior(t);
                ai.djl.engine.Engine.getInstance().setRandomSeed(t);
                float next = stochastic
                        .step(m.create(new float[] {(float) eps}), t, t - 1, m.create(new float[] {(float) xt}), m)
                        .getFloat(0);
                ai.djl.engine.Engine.getInstance().setRandomSeed(t);
                double z = m.randomNormal(new ai.djl.ndarray.types.Shape(1)).getFloat(0);
                assertEquals(
                        p[0] * x0 + p[1] * xt + Math.sqrt(p[2]) * z, next, 1e-5, "the posterior's draw at t = " + t);
                assertEquals(Math.sqrt(p[2]), s.ddimSigma(t, t - 1, 1.0), 1e-12, "sigma at t = " + t);
                assertEquals(0, s.ddimSigma(t, t - 1, 0.0), 0, "eta = 0 is deterministic");
            }
            // with the true noise, deterministic DDIM maps x_t onto the same x_0's trajectory, even in one jump
            double x0 = 0.7;
            double eps = -1.3;
            float xt = (float) (Math.sqrt(s.alphaBar(90)) * x0 + Math.sqrt(1 - s.alphaBar(90)) * eps);
            DdimScheduler deterministic = new DdimScheduler(s, 10, 0.0, false);
            assertEquals(
                    Math.sqrt(s.alphaBar(10)) * x0 + Math.sqrt(1 - s.alphaBar(10)) * eps,
                    deterministic
                            .step(m.create(new float[] {(float) eps}), 90, 10, m.create(new float[] {xt}), m)
                            .getFloat(0),
                    1e-5);
            assertEquals(
                    x0,
                    deterministic
                            .step(m.create(new float[] {(float) eps}), 90, 0, m.create(new float[] {xt}), m)
                            .getFloat(0),
                    1e-5);
        }
    }
}
