package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * Latent priors p(z), sampled with the engine's generator. {@code normal} works in any dimension;
 * the others are the two-dimensional shapes of Kolouri et al. (ICLR 2019), figure 3.
 */
public enum Prior {
    /** N(0, I). */
    NORMAL,
    /** Uniform on the unit disk: r = sqrt(u), angle = 2 pi v. */
    DISK,
    /** Uniform on the annulus 0.75 <= r <= 1 (area-uniform radius). */
    RING,
    /** Uniform on the square [-1, 1]^2. */
    SQUARE;

    /** Inner radius of {@link #RING}. */
    public static final double RING_INNER = 0.75;

    /** @return the config name, e.g. {@code disk} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the prior named in a config (validated there) */
    public static Prior fromConfig(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** @return whether this prior is defined in {@code dim} dimensions */
    public boolean supports(int dim) {
        return this == NORMAL || dim == 2;
    }

    /**
     * @param manager where the samples are created
     * @param n number of samples
     * @param dim latent dimension (2 for all but {@link #NORMAL})
     * @return float32 [n, dim]
     */
    public NDArray sample(NDManager manager, int n, int dim) {
        if (!supports(dim)) {
            throw new IllegalArgumentException(configName() + " prior is two-dimensional, latent has " + dim);
        }
        switch (this) {
            case NORMAL:
                return manager.randomNormal(new Shape(n, dim), DataType.FLOAT32);
            case SQUARE:
                return manager.randomUniform(-1f, 1f, new Shape(n, 2), DataType.FLOAT32);
            default:
                double inner = this == RING ? RING_INNER : 0.0;
                // area-uniform radius on [inner, 1]: r = sqrt(inner^2 + u (1 - inner^2))
                NDArray r = manager.randomUniform((float) (inner * inner), 1f, new Shape(n, 1), DataType.FLOAT32)
                        .sqrt();
                NDArray angle = manager.randomUniform(0f, (float) (2 * Math.PI), new Shape(n, 1), DataType.FLOAT32);
                return NDArrays.concat(new NDList(r.mul(angle.cos()), r.mul(angle.sin())), 1);
        }
    }
}
