package genmodels.models;

/**
 * One figure a model's loss reports: its name (the key in metrics.csv, summary.json and the
 * console), its unit as axis titles and summaries print it, and which way is better.
 *
 * @param name e.g. {@code neg_elbo}
 * @param unit e.g. {@code nats per image}
 * @param higherIsBetter true for accuracies and likelihoods, false for losses
 */
public record Term(String name, String unit, boolean higherIsBetter) {

    /** @return a term where smaller values are better (a loss, a distance, a negative bound) */
    public static Term lower(String name, String unit) {
        return new Term(name, unit, false);
    }

    /** @return a term where larger values are better (an accuracy, a log-likelihood) */
    public static Term higher(String name, String unit) {
        return new Term(name, unit, true);
    }

    /**
     * @param candidate a new value
     * @param best the best value so far
     * @param minDelta the smallest change that counts, &gt;= 0
     * @return whether {@code candidate} beats {@code best} by more than {@code minDelta}
     */
    public boolean improves(double candidate, double best, double minDelta) {
        return higherIsBetter ? candidate > best + minDelta : candidate < best - minDelta;
    }

    /** @return {@code "lower is better"} or {@code "higher is better"} */
    public String direction() {
        return higherIsBetter ? "higher is better" : "lower is better";
    }
}
