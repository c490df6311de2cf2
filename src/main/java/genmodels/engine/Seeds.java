package genmodels.engine;

import ai.djl.engine.Engine;
import java.util.SplittableRandom;

/**
 * Every seed genmodels derives, from one scheme: a run's seed and a position (an epoch, a batch, a
 * named stream) hashed by SplitMix64's finaliser, so that each draw depends only on where it
 * happens and a run resumed anywhere draws exactly what an uninterrupted one draws.
 *
 * <pre>
 *   shuffle of epoch e              of(seed, e)
 *   engine before batch b of e      of(seed, e, b + 1)
 *   evaluation order of a split     of(seed, 0)
 *   a named stream (grids, ...)     of(seed, STREAM)
 * </pre>
 *
 * Streams are negative, so they never meet an epoch (epochs count from 1, and 0 is the evaluation
 * order).
 */
public final class Seeds {

    /** The fixed draw of the per-epoch sample grids. */
    public static final long GRID = -1;
    /** The fixed draw the per-epoch class entropy of samples classifies. */
    public static final long CLASS_ENTROPY = -2;
    /** The fixed Bernoulli draw of the test images ({@code data.binarize}). */
    public static final long BINARIZE_TEST = -3;
    /** The fixed Bernoulli draw of the validation images. */
    public static final long BINARIZE_VALIDATION = -4;
    /** The fixed Bernoulli draw of the training images with {@code data.binarize: static}. */
    public static final long BINARIZE_TRAIN = -5;
    /** The fixed order of a folder's images (seed 0: the same order for every run). */
    public static final long FOLDER_ORDER = -6;

    private Seeds() {}

    /**
     * @param seed a run's seed
     * @param position where the draw happens: an epoch, then a batch, or a named stream
     * @return a seed in [0, 2^31 - 1]: mix(... mix(mix(seed, p0), p1) ..., pn)
     */
    public static long of(long seed, long... position) {
        long s = seed;
        for (long p : position) {
            s = mix(s, p);
        }
        return s;
    }

    /** @return {@link #of} as the engine's generator takes it (31 bits, so the cast keeps it whole) */
    public static int engine(long seed, long... position) {
        return (int) of(seed, position);
    }

    /**
     * Seeds the engine's generator: the one place in genmodels that does. With a position, from
     * {@link #of}(seed, position); without, from the seed itself when it fits the engine's int (a
     * config's {@code train.seed} or a {@code --seed}, so existing streams stay as they were), and
     * mixed to 31 bits when it does not, never truncated (seeds 1 and 2^32 + 1 differ).
     *
     * @param seed a run's seed, or a seed derived from it
     * @param position where the draw happens, as for {@link #of}
     */
    public static void seedEngine(long seed, long... position) {
        long value;
        if (position.length > 0) {
            value = of(seed, position);
        } else if (seed >= Integer.MIN_VALUE && seed <= Integer.MAX_VALUE) {
            value = seed;
        } else {
            value = mix(seed, 0);
        }
        Engine.getInstance().setRandomSeed((int) value);
    }

    /** A non-negative 31-bit hash of (seed, position), well mixed (SplitMix64's finaliser). */
    static long mix(long seed, long position) {
        long z = seed * 0x9E3779B97F4A7C15L + position;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return z & 0x7fffffffL;
    }

    /** @return a uniformly random permutation of 0..n-1 (Fisher-Yates), drawn from {@code random} */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** @return a permutation of 0..n-1 drawn from {@code of(seed, position)} */
    public static int[] permutation(int n, long seed, long... position) {
        return permutation(n, new SplittableRandom(of(seed, position)));
    }
}
