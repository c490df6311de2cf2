package genmodels.density.gmm;

import genmodels.engine.Threads;
import genmodels.io.Progress;
import java.util.Locale;

/** EM's iteration hooks as fit, sample and bench use them: a thread choice made during the fit, and progress. */
public final class EmHooks {

    private EmHooks() {}

    /** @return EM's iteration hooks driving a thread choice made during the fit */
    public static GaussianMixture.Iterations of(Threads.During during) {
        return of(during, Progress.none());
    }

    /**
     * @param during the thread choice made on the first iterations, or null
     * @param progress shown after every iteration (its count across restarts)
     * @return EM's iteration hooks
     */
    public static GaussianMixture.Iterations of(Threads.During during, Progress progress) {
        return new GaussianMixture.Iterations() {
            private long done;

            @Override
            public void before() {
                if (during != null) {
                    during.before();
                }
            }

            @Override
            public void after(double seconds) {
                if (during != null) {
                    during.after(seconds);
                }
            }

            @Override
            public void progress(int iteration, int maxIter, double lowerBound, double change) {
                done++;
                progress.update(
                        done,
                        String.format(
                                Locale.ROOT,
                                "lower bound %.4f nats per sample%s",
                                lowerBound,
                                Double.isFinite(change) ? String.format(Locale.ROOT, " (change %.2e)", change) : ""));
            }
        };
    }
}
