package genmodels.models;

/**
 * One figure a model's loss reports: its name (the key in metrics.csv, summary.json and the
 * console), its unit as axis titles and summaries print it, and which way is better, if any.
 *
 * @param name e.g. {@code neg_elbo}
 * @param unit e.g. {@code nats per image}
 * @param direction which way is better, or {@link Direction#NONE} for a term whose value says
 *     nothing about quality on its own (a GAN's d_loss and g_loss, a VAE's KL term)
 */
public record Term(String name, String unit, Direction direction) {

    /** Which way a term is better. */
    public enum Direction {
        /** A loss, a distance, a negative bound. */
        LOWER,
        /** An accuracy, a log-likelihood. */
        HIGHER,
        /**
         * Neither: the term trades off against another (a KL term against the reconstruction) or
         * measures a game's state (a discriminator's loss), so a smaller or larger value is not a
         * better model.
         */
        NONE
    }

    /** @return a term where smaller values are better (a loss, a distance, a negative bound) */
    public static Term lower(String name, String unit) {
        return new Term(name, unit, Direction.LOWER);
    }

    /** @return a term where larger values are better (an accuracy, a log-likelihood) */
    public static Term higher(String name, String unit) {
        return new Term(name, unit, Direction.HIGHER);
    }

    /** @return a term whose direction says nothing about the model's quality */
    public static Term neutral(String name, String unit) {
        return new Term(name, unit, Direction.NONE);
    }

    /** @return whether larger values are better; false for lower-is-better and neutral terms */
    public boolean higherIsBetter() {
        return direction == Direction.HIGHER;
    }

    /** @return whether the term has a better direction, so that it can rank models or epochs */
    public boolean ranks() {
        return direction != Direction.NONE;
    }

    /**
     * @param candidate a new value
     * @param best the best value so far
     * @param minDelta the smallest change that counts, &gt;= 0
     * @return whether {@code candidate} beats {@code best} by more than {@code minDelta}
     * @throws IllegalStateException for a neutral term, which cannot rank
     */
    public boolean improves(double candidate, double best, double minDelta) {
        return switch (direction) {
            case HIGHER -> candidate > best + minDelta;
            case LOWER -> candidate < best - minDelta;
            case NONE -> throw new IllegalStateException(name + " has no better direction");
        };
    }

    /** @return {@code "lower is better"}, {@code "higher is better"} or "" for a neutral term */
    public String describeDirection() {
        return switch (direction) {
            case HIGHER -> "higher is better";
            case LOWER -> "lower is better";
            case NONE -> "";
        };
    }
}
