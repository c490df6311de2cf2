package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A reverse-process scheduler, as diffusers' schedulers are: the steps it visits, and one update
 * from x_t to the next, earlier step given the predicted noise. The U-Net only predicts noise;
 * everything about sampling lives in the scheduler and {@link ReverseProcess}.
 */
public abstract class Scheduler {

    /** The forward process the scheduler inverts. */
    protected final NoiseSchedule schedule;

    private final boolean clipDenoised;

    /**
     * @param schedule the forward process
     * @param clipDenoised clip each predicted x_0 to the data range [-1, 1] (Ho et al.'s code does)
     */
    protected Scheduler(NoiseSchedule schedule, boolean clipDenoised) {
        this.schedule = schedule;
        this.clipDenoised = clipDenoised;
    }

    /**
     * @return the steps visited, ascending: {@code 0 = times[0] < times[1] < ... < times[S] = T};
     *     sampling goes from times[S] down, each update from times[i] to times[i - 1]
     */
    public abstract int[] timesteps();

    /**
     * One update of the reverse process.
     *
     * @param eps the predicted noise eps_theta(x_t, t), shaped as x_t
     * @param t the current step, in [1, T]
     * @param next the step to go to, in [0, t)
     * @param xt the current images x_t in the [-1, 1] scale, [n, 1, side, side]
     * @param manager where the result (and any fresh noise, from the engine's generator) is created
     * @return x_next, shaped as x_t
     */
    public abstract NDArray step(NDArray eps, int t, int next, NDArray xt, NDManager manager);

    /** @return the sampler as tables and messages name it, e.g. {@code ddim, 50 steps, eta 1.0} */
    public abstract String describe();

    /**
     * x_0 predicted from x_t and the noise (Ho et al. eq. 15 rearranged):
     * {@code (x_t - sqrt(1 - alphaBar_t) eps) / sqrt(alphaBar_t)}, clipped to [-1, 1] when asked.
     */
    protected NDArray predictX0(NDArray xt, NDArray eps, int t) {
        double ab = schedule.alphaBar(t);
        NDArray x0 = xt.sub(eps.mul((float) Math.sqrt(1 - ab))).div((float) Math.sqrt(ab));
        return clipDenoised ? x0.clip(-1f, 1f) : x0;
    }
}
