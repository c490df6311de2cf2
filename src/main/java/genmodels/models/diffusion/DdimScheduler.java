package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * DDIM (Song, Meng &amp; Ermon, ICLR 2021) over S evenly spaced steps round(i T / S), i = S..1: from
 * step t to s &lt; t, {@code x_s = sqrt(alphaBar_s) x0 + sqrt(1 - alphaBar_s - sigma^2) eps + sigma z}
 * (eq. 12) with sigma = eta sqrt((1 - alphaBar_s) / (1 - alphaBar_t)) sqrt(1 - alphaBar_t / alphaBar_s)
 * (eq. 16): eta = 0 is deterministic, eta = 1 over all T steps is DDPM's ancestral sampler.
 */
public final class DdimScheduler extends Scheduler {

    private final int steps;
    private final double eta;

    /**
     * @param schedule the forward process
     * @param steps S, in [1, T]
     * @param eta the noise level, in [0, 1]
     * @param clipDenoised clip each predicted x_0 to [-1, 1]
     */
    public DdimScheduler(NoiseSchedule schedule, int steps, double eta, boolean clipDenoised) {
        super(schedule, clipDenoised);
        if (steps < 1 || steps > schedule.steps() || !(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException(
                    "DDIM needs 1 <= steps <= T and eta in [0, 1], got " + steps + ", " + eta);
        }
        this.steps = steps;
        this.eta = eta;
    }

    /** @return {@code times[i] = round(i T / S)}, i = 0..S */
    static int[] evenlySpaced(int total, int steps) {
        int[] times = new int[steps + 1];
        for (int i = 0; i <= steps; i++) {
            times[i] = (int) Math.round((double) i * total / steps);
        }
        return times;
    }

    @Override
    public int[] timesteps() {
        return evenlySpaced(schedule.steps(), steps);
    }

    @Override
    public NDArray step(NDArray eps, int t, int next, NDArray xt, NDManager manager) {
        double sigma = schedule.ddimSigma(t, next, eta);
        double abNext = schedule.alphaBar(next);
        NDArray x0 = predictX0(xt, eps, t);
        NDArray mean = x0.mul((float) Math.sqrt(abNext)).add(eps.mul((float)
                Math.sqrt(Math.max(0, 1 - abNext - sigma * sigma))));
        if (sigma <= 0 || next == 0) {
            return mean;
        }
        return mean.add(manager.randomNormal(xt.getShape(), DataType.FLOAT32).mul((float) sigma));
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "ddim, %d steps, eta %s", steps, eta);
    }
}
