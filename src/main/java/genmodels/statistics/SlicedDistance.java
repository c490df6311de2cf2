package genmodels.statistics;

import java.util.Arrays;
import java.util.Random;

/**
 * The sliced 2-Wasserstein distance between two equal-size point sets, written out step by step for
 * the course's picture: project both sets on a unit direction, sort each projection, match the i-th
 * smallest of one to the i-th smallest of the other, and average the squared gaps. In one dimension
 * the sorted matching is the optimal transport plan between two empirical distributions of equal
 * size, so each direction's mean squared gap is the squared 1-D Wasserstein-2 distance (Kolouri et
 * al., ICLR 2019, equations 10-11; Bonneel et al. 2015). The training loss of {@code train-swae}
 * computes the same on tensors.
 */
public final class SlicedDistance {

    private SlicedDistance() {}

    /**
     * @param points [n][d]
     * @param direction [d], a unit vector
     * @return [n] the projections {@code theta . x}
     */
    public static double[] project(double[][] points, double[] direction) {
        double[] p = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < direction.length; j++) {
                p[i] += points[i][j] * direction[j];
            }
        }
        return p;
    }

    /**
     * @param a [n] 1-D values
     * @param b [n] 1-D values
     * @return the squared 1-D Wasserstein-2 distance: the mean over i of (a_(i) - b_(i))^2, a_(i) and
     *     b_(i) the i-th smallest
     * @throws IllegalArgumentException when the sizes differ
     */
    public static double squaredW2(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("the two sets need the same number (>= 1) of points");
        }
        double[] sa = a.clone();
        double[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        double sum = 0;
        for (int i = 0; i < sa.length; i++) {
            sum += (sa[i] - sb[i]) * (sa[i] - sb[i]);
        }
        return sum / sa.length;
    }

    /**
     * @return SW2^2: the mean over the directions of {@link #squaredW2} of the projections
     *     (units of the points, squared)
     */
    public static double squared(double[][] x, double[][] y, double[][] directions) {
        double sum = 0;
        for (double[] t : directions) {
            sum += squaredW2(project(x, t), project(y, t));
        }
        return sum / directions.length;
    }

    /**
     * @return the course code's variant: the mean over the directions of the square root of {@link
     *     #squaredW2} (units of the points); at most the square root of {@link #squared} (Jensen)
     */
    public static double meanSqrt(double[][] x, double[][] y, double[][] directions) {
        double sum = 0;
        for (double[] t : directions) {
            sum += Math.sqrt(squaredW2(project(x, t), project(y, t)));
        }
        return sum / directions.length;
    }

    /**
     * @param count how many directions
     * @param d their dimension
     * @return [count][d] unit vectors uniform on the sphere (normalised standard Gaussians)
     */
    public static double[][] randomDirections(int count, int d, Random random) {
        double[][] t = new double[count][d];
        for (double[] v : t) {
            double norm;
            do {
                norm = 0;
                for (int j = 0; j < d; j++) {
                    v[j] = random.nextGaussian();
                    norm += v[j] * v[j];
                }
            } while (norm == 0);
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                v[j] /= norm;
            }
        }
        return t;
    }
}
