package genmodels.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * What one guarded optimizer step read back from the device: the objective, each reported term
 * and the gradient's squared global norm (before clipping). The update was applied exactly when
 * all of them are finite.
 *
 * @param objective the scalar the gradient was taken of (a mean over the batch)
 * @param terms the reported terms, in the order they were given (sums over the batch)
 * @param gradientSquaredNorm the sum of the squares of every gradient entry
 */
public record StepResult(double objective, double[] terms, double gradientSquaredNorm) {

    /** @return whether the objective, every term and the gradient are finite (the update was applied) */
    public boolean finite() {
        return nonFinite(List.of(), "").isEmpty();
    }

    /**
     * @param names the terms' names, in order
     * @param prefix put before "objective" and "gradient" (a parameter group's name and a space, or nothing)
     * @return the names of the non-finite terms; else "the objective" or "the gradient" if one of
     *     those is not finite; empty when everything is
     */
    public List<String> nonFinite(List<String> names, String prefix) {
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < terms.length; k++) {
            if (!Double.isFinite(terms[k])) {
                bad.add(k < names.size() ? names.get(k) : "term " + k);
            }
        }
        if (bad.isEmpty() && !Double.isFinite(objective)) {
            bad.add("the " + prefix + "objective");
        }
        if (bad.isEmpty() && !Double.isFinite(gradientSquaredNorm)) {
            bad.add("the " + prefix + "gradient");
        }
        return bad;
    }
}
