package genmodels.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import genmodels.models.ClassSampler;
import genmodels.models.Sampler;

/**
 * A diffusion model's sampler: x_T ~ N(0, I), then the scheduler's updates down to x_0, each from
 * the weight average's noise prediction; pixels (x_0 + 1) / 2 clipped to [0, 1].
 */
public class ReverseProcess implements Sampler {

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

    /** @return the model whose noise predictions it follows */
    Diffusion model() {
        return model;
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
        return run(store, noise, (xt, t) -> model.predictNoise(store, xt, t));
    }

    /** The noise prediction one step of the reverse process runs. */
    @FunctionalInterface
    interface NoisePrediction {
        /** @return eps for x_t [n, C, H, W] at steps t [n] (float32) */
        NDArray predict(NDArray xt, NDArray t);
    }

    /**
     * @param noise x_T, [n, C, H, W], in the manager the images go to
     * @param predictor the noise prediction of each step
     * @return x_0 as pixels, [n, pixels] in [0, 1]
     */
    NDArray run(ParameterStore store, NDArray noise, NoisePrediction predictor) {
        NDManager m = noise.getManager();
        int count = (int) noise.getShape().get(0);
        int[] times = scheduler.timesteps();
        NDArray x = noise;
        for (int i = times.length - 1; i >= 1; i--) {
            try (NDManager step = m.newSubManager()) {
                NDArray xt = x.duplicate();
                xt.attach(step);
                NDArray eps = predictor.predict(xt, step.full(new Shape(count), (float) times[i]));
                NDArray next = scheduler.step(eps, times[i], times[i - 1], xt, step);
                next.attach(m);
                x = next;
            }
        }
        return x.add(1f).div(2f).clip(0f, 1f).reshape(count, -1);
    }

    /**
     * The reverse process of a conditional model with classifier-free guidance: every step follows
     * {@code (1 + w) eps(x_t, t, y) - w eps(x_t, t, no class)} ({@link Diffusion#predictNoise(ParameterStore,
     * NDArray, NDArray, NDArray, double)}), the classes fixed for the whole path.
     */
    public static final class Guided extends ReverseProcess implements ClassSampler {

        private final double guidance;

        /**
         * @param model a conditional model
         * @param scheduler the steps and the update
         * @param guidance the guidance weight w, &gt;= 0
         */
        public Guided(Diffusion model, Scheduler scheduler, double guidance) {
            super(model, scheduler);
            this.guidance = guidance;
        }

        @Override
        public int classes() {
            return model().classes();
        }

        @Override
        public String description() {
            return super.description() + ", guidance w = " + guidance;
        }

        /** @return the guidance weight w */
        public double guidance() {
            return guidance;
        }

        @Override
        public NDArray sample(ParameterStore store, NDManager manager, NDArray labels) {
            NDArray noise = model().noise(manager, (int) labels.getShape().get(0));
            return run(store, noise, (xt, t) -> model().predictNoise(store, xt, t, labels, guidance));
        }
    }
}
