package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * DDPM's ancestral sampler (Ho, Jain &amp; Abbeel 2020, Algorithm 2) over all T steps: x_{t-1} is
 * drawn from the forward posterior q(x_{t-1} | x_t, x_0) with x_0 predicted from the noise (eq. 6-7),
 * variance betaTilde_t; no noise is added at t = 1.
 */
public final class DdpmScheduler extends Scheduler {

    /**
     * @param schedule the forward process
     * @param clipDenoised clip each predicted x_0 to [-1, 1]
     */
    public DdpmScheduler(NoiseSchedule schedule, boolean clipDenoised) {
        super(schedule, clipDenoised);
    }

    @Override
    public int[] timesteps() {
        return DdimScheduler.evenlySpaced(schedule.steps(), schedule.steps());
    }

    /** x_{t-1} = c0 x0 + ct x_t + sqrt(betaTilde_t) z, z ~ N(0, I) ({@link NoiseSchedule#posterior}). */
    @Override
    public NDArray step(NDArray eps, int t, int next, NDArray xt, NDManager manager) {
        double[] posterior = schedule.posterior(t);
        NDArray mean = predictX0(xt, eps, t).mul((float) posterior[0]).add(xt.mul((float) posterior[1]));
        if (t == 1) {
            return mean;
        }
        NDArray z = manager.randomNormal(xt.getShape(), DataType.FLOAT32);
        return mean.add(z.mul((float) Math.sqrt(posterior[2])));
    }

    @Override
    public String describe() {
        return "ddpm ancestral, " + schedule.steps() + " steps";
    }
}
