package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.models.Sampler;

/**
 * A diffusion model's sampler: x_T ~ N(0, I), then the scheduler's updates down to x_0, each from
 * the weight average's noise prediction; pixels (x_0 + 1) / 2 clipped to [0, 1].
 */
public final class ReverseProcess implements Sampler {

    /** Images per block: a U-Net holds a few feature maps per image. */
    static final int BLOCK = 500;

    private final Diffusion model;
    private final Scheduler scheduler;

    /**
     * @param model the trained model (its noise predictor)
     * @param scheduler the steps and the update
     */
    public ReverseProcess(Diffusion model, Scheduler scheduler) {
        this.model = model;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return "prior";
    }

    @Override
    public String description() {
        return scheduler.describe();
    }

    @Override
    public int block() {
        return BLOCK;
    }

    /** @return images from fresh x_T ~ N(0, I), [n, pixels] in [0, 1] */
    @Override
    public NDArray sample(ParameterStore store, NDManager manager, int n) {
        return run(store, model.noise(manager, n));
    }

    /**
     * @param noise x_T, [n, 1, side, side], in the manager the images go to
     * @return x_0 as pixels, [n, pixels] in [0, 1]
     */
    public NDArray run(ParameterStore store, NDArray noise) {
        NDManager m = noise.getManager();
        int count = (int) noise.getShape().get(0);
        int[] times = scheduler.timesteps();
        NDArray x = noise;
        for (int i = times.length - 1; i >= 1; i--) {
            try (NDManager step = m.newSubManager()) {
                NDArray xt = x.duplicate();
                xt.attach(step);
                NDArray eps = model.predictNoise(store, xt, step.full(new Shape(count), (float) times[i]));
                NDArray next = scheduler.step(eps, times[i], times[i - 1], xt, step);
                next.attach(m);
                x = next;
            }
        }
        return x.add(1f).div(2f).clip(0f, 1f).reshape(count, -1);
    }
}
