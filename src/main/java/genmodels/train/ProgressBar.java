package genmodels.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place on a terminal at most ten times a second, cleared at the
 * end of each epoch.
 */
public final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private long lastDraw;

    public ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onBatchEnd(BatchProgress p) {
        long now = System.nanoTime();
        boolean last = p.batch() == p.batches();
        if (last) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
            return;
        }
        if (now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * p.batch() / p.batches());
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" : "") + " ".repeat(Math.max(0, WIDTH - filled - 1));
        err.printf(
                Locale.ROOT,
                "\repoch %d/%d [%s] %d/%d  loss %.2f  %.0f img/s ",
                p.epoch(),
                p.epochs(),
                bar,
                p.batch(),
                p.batches(),
                p.headline(),
                p.images() / Math.max(p.seconds(), 1e-9));
        err.flush();
    }
}
