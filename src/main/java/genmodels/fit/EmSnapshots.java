package genmodels.fit;

import genmodels.density.gmm.GaussianMixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps the mixture after chosen EM iterations of every restart, passing everything else on to the
 * iteration hooks it wraps; {@link #ofBest} returns those of the restart the fit kept (the highest
 * final lower bound, the first among equals, as {@link GaussianMixture#fit} chooses).
 */
final class EmSnapshots implements GaussianMixture.Iterations {

    private final GaussianMixture.Iterations inner;
    private final Set<Integer> wanted;
    private final Map<Integer, TreeMap<Integer, GaussianMixture>> byRestart = new HashMap<>();
    private final Map<Integer, Double> finalBound = new HashMap<>();

    EmSnapshots(GaussianMixture.Iterations inner, List<Integer> iterations) {
        this.inner = inner;
        this.wanted = Set.copyOf(iterations);
    }

    @Override
    public void before() {
        inner.before();
    }

    @Override
    public void after(double seconds) {
        inner.after(seconds);
    }

    @Override
    public void progress(int iteration, int maxIter, double lowerBound, double change) {
        inner.progress(iteration, maxIter, lowerBound, change);
    }

    @Override
    public boolean wantsSnapshots() {
        return true;
    }

    @Override
    public void snapshot(int restart, int iteration, GaussianMixture current) {
        finalBound.put(restart, current.lowerBound());
        if (wanted.contains(iteration)) {
            byRestart.computeIfAbsent(restart, r -> new TreeMap<>()).put(iteration, current);
        }
    }

    /** @return iteration to mixture, for the restart with the highest final lower bound (empty if none) */
    TreeMap<Integer, GaussianMixture> ofBest() {
        int best = -1;
        for (int r = 0; finalBound.containsKey(r); r++) {
            if (best < 0 || finalBound.get(r) > finalBound.get(best)) {
                best = r;
            }
        }
        return best < 0 ? new TreeMap<>() : byRestart.getOrDefault(best, new TreeMap<>());
    }

    /** @return the iterations asked for that the best restart never reached (it converged earlier) */
    List<Integer> unreached() {
        List<Integer> missing = new ArrayList<>();
        TreeMap<Integer, GaussianMixture> kept = ofBest();
        for (int i : new java.util.TreeSet<>(wanted)) {
            if (!kept.containsKey(i)) {
                missing.add(i);
            }
        }
        return missing;
    }
}
