package genmodels.density;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Random draws made from a passed-in {@link Random} alone, so that a seed fixes them on any device. */
public final class Draws {

    private Draws() {}

    /** @return [n, d] float64 independent standard normal draws ({@link Random#nextGaussian}) */
    public static NDArray standardNormal(NDManager manager, Random random, int n, int d) {
        double[] values = new double[Math.multiplyExact(n, d)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return manager.create(values, new Shape(n, d));
    }
}
