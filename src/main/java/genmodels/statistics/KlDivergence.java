package genmodels.statistics;

/**
 * The Kullback-Leibler divergence in nats, in the two closed forms the course works out (Kullback
 * &amp; Leibler 1951; Bishop 2006, eq. 1.113): between two discrete distributions, and between two
 * 1-D Gaussians. KL(P||Q) >= 0, zero only when P = Q, and not symmetric.
 */
public final class KlDivergence {

    private KlDivergence() {}

    /**
     * KL(P||Q) = sum_x P(x) ln(P(x) / Q(x)), terms with P(x) = 0 counting 0.
     *
     * @param p probabilities (non-negative, summing to 1)
     * @param q probabilities over the same outcomes
     * @return the divergence in nats; +infinity when Q(x) = 0 where P(x) > 0
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double discrete(double[] p, double[] q) {
        double[] terms = terms(p, q);
        double sum = 0;
        for (double t : terms) {
            sum += t;
        }
        return sum;
    }

    /** @return each outcome's term P(x) ln(P(x) / Q(x)) of {@link #discrete} */
    public static double[] terms(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("P has " + p.length + " outcomes, Q " + q.length);
        }
        double[] t = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            t[i] = p[i] == 0 ? 0 : q[i] == 0 ? Double.POSITIVE_INFINITY : p[i] * Math.log(p[i] / q[i]);
        }
        return t;
    }

    /**
     * KL(N(mu_p, sigma_p^2) || N(mu_q, sigma_q^2)) = ln(sigma_q / sigma_p) + (sigma_p^2 + (mu_p -
     * mu_q)^2) / (2 sigma_q^2) - 1/2.
     *
     * @param sigmaP standard deviation of P, > 0
     * @param sigmaQ standard deviation of Q, > 0
     * @return the divergence in nats
     */
    public static double gaussian(double muP, double sigmaP, double muQ, double sigmaQ) {
        return Math.log(sigmaQ / sigmaP) + (sigmaP * sigmaP + (muP - muQ) * (muP - muQ)) / (2 * sigmaQ * sigmaQ) - 0.5;
    }

    /** @return the density of N(mu, sigma^2) at x */
    public static double normalDensity(double x, double mu, double sigma) {
        double z = (x - mu) / sigma;
        return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
    }
}
