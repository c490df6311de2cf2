package genmodels.models.diffusion;

/**
 * The forward noising process of a denoising diffusion probabilistic model (Ho, Jain & Abbeel,
 * NeurIPS 2020) and the quantities its samplers need, over steps t = 1..T:
 * q(x_t | x_{t-1}) = N(sqrt(alpha_t) x_{t-1}, beta_t I), alpha_t = 1 - beta_t, and in closed form
 * q(x_t | x_0) = N(sqrt(alphaBar_t) x_0, (1 - alphaBar_t) I), alphaBar_t = prod_{s<=t} alpha_s
 * (Ho et al. eq. 4); alphaBar_0 = 1.
 *
 * <p>Schedules: {@code linear} (Ho et al. section 4: beta from 1e-4 to 0.02 over T = 1000) and
 * {@code cosine} (Nichol &amp; Dhariwal, ICML 2021, eq. 17: alphaBar_t = f(t) / f(0), f(t) =
 * cos^2(((t / T) + s) / (1 + s) * pi / 2), s = 0.008, each beta clipped at 0.999).
 *
 * <p>All values are doubles; index t runs from 0 (no noise) to T.
 */
public final class NoiseSchedule {

    private final double[] beta;
    private final double[] alphaBar;

    private NoiseSchedule(double[] beta) {
        this.beta = beta;
        this.alphaBar = new double[beta.length];
        alphaBar[0] = 1;
        for (int t = 1; t < beta.length; t++) {
            alphaBar[t] = alphaBar[t - 1] * (1 - beta[t]);
        }
    }

    /**
     * @param steps T
     * @param betaStart beta_1 (Ho et al.: 1e-4)
     * @param betaEnd beta_T (Ho et al.: 0.02)
     * @return beta_t linear from betaStart to betaEnd
     */
    public static NoiseSchedule linear(int steps, double betaStart, double betaEnd) {
        double[] b = new double[steps + 1];
        for (int t = 1; t <= steps; t++) {
            b[t] = steps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * (t - 1) / (steps - 1);
        }
        return new NoiseSchedule(b);
    }

    /** The cosine schedule's offset s (Nichol &amp; Dhariwal section 3.2). */
    public static final double COSINE_OFFSET = 0.008;
    /** The largest beta the cosine schedule allows (Nichol &amp; Dhariwal section 3.2). */
    public static final double MAX_BETA = 0.999;

    /** @return the cosine schedule over T = {@code steps} */
    public static NoiseSchedule cosine(int steps) {
        double[] b = new double[steps + 1];
        for (int t = 1; t <= steps; t++) {
            b[t] = Math.min(1 - cosineAlphaBar(t, steps) / cosineAlphaBar(t - 1, steps), MAX_BETA);
        }
        return new NoiseSchedule(b);
    }

    /** @return f(t) / f(0) of the cosine schedule, before any clipping */
    static double cosineAlphaBar(int t, int steps) {
        return f(t, steps) / f(0, steps);
    }

    private static double f(int t, int steps) {
        double c = Math.cos(((double) t / steps + COSINE_OFFSET) / (1 + COSINE_OFFSET) * Math.PI / 2);
        return c * c;
    }

    /** @return T */
    public int steps() {
        return beta.length - 1;
    }

    /** @return beta_t, t in [1, T] */
    public double beta(int t) {
        return beta[t];
    }

    /** @return alphaBar_t = prod_{s <= t} (1 - beta_s), t in [0, T] */
    public double alphaBar(int t) {
        return alphaBar[t];
    }

    /**
     * The forward posterior q(x_{t-1} | x_t, x_0) = N(c0 x_0 + ct x_t, variance I) (Ho et al.
     * eq. 6-7): c0 = sqrt(alphaBar_{t-1}) beta_t / (1 - alphaBar_t), ct = sqrt(alpha_t)
     * (1 - alphaBar_{t-1}) / (1 - alphaBar_t), variance = (1 - alphaBar_{t-1}) / (1 - alphaBar_t) beta_t.
     *
     * @param t in [1, T]
     * @return {c0, ct, variance}
     */
    public double[] posterior(int t) {
        double ab = alphaBar[t];
        double abPrev = alphaBar[t - 1];
        return new double[] {
            Math.sqrt(abPrev) * beta[t] / (1 - ab),
            Math.sqrt(1 - beta[t]) * (1 - abPrev) / (1 - ab),
            (1 - abPrev) / (1 - ab) * beta[t]
        };
    }

    /**
     * One DDIM step from step t to an earlier step s (Song, Meng &amp; Ermon, ICLR 2021, eq. 12):
     * x_s = sqrt(alphaBar_s) x0 + sqrt(1 - alphaBar_s - sigma^2) eps + sigma z, with x0 predicted
     * from eps and sigma = eta sqrt((1 - alphaBar_s) / (1 - alphaBar_t)) sqrt(1 - alphaBar_t /
     * alphaBar_s) (eq. 16). eta = 0 is deterministic DDIM; eta = 1 with s = t - 1 is DDPM's
     * ancestral step.
     *
     * @param t the current step, in [1, T]
     * @param s the next step, in [0, t)
     * @param eta the stochasticity, in [0, 1]
     * @return sigma: x_s = (the step's mean) + sigma z, z ~ N(0, 1) ({@link DdimScheduler})
     */
    public double ddimSigma(int t, int s, double eta) {
        double ab = alphaBar[t];
        double abNext = alphaBar[s];
        return eta * Math.sqrt((1 - abNext) / (1 - ab)) * Math.sqrt(1 - ab / abNext);
    }
}
