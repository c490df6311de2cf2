package genmodels.io;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * The progress of one long step (EM iterations, KDE scoring, the importance-weighted NLL,
 * decoding samples): on a terminal, a bar redrawn in place on standard error at most ten times a
 * second and cleared at the end; otherwise (a log file, a batch job) one line per step on the
 * output, where a step is what the caller says (an EM iteration) or a tenth of the work.
 */
public final class Progress {

    private static final int WIDTH = 30;

    private final String what;
    private final long total;
    private final String unit;
    private final PrintWriter lines;
    private final PrintWriter bar;
    private final long lineEvery;
    private final long started = System.nanoTime();
    private long nextLine;
    private long lastDraw;

    private Progress(String what, long total, String unit, PrintWriter lines, PrintWriter bar, long lineEvery) {
        this.what = what;
        this.total = total;
        this.unit = unit;
        this.lines = lines;
        this.bar = bar;
        this.lineEvery = Math.max(1, lineEvery);
        this.nextLine = this.lineEvery;
    }

    /**
     * @param what the step, as printed (e.g. {@code "KDE scoring"})
     * @param total the work's size (at most this many; EM may stop sooner)
     * @param unit what is counted (e.g. {@code "points"})
     * @param out where lines go when standard error is not a terminal
     * @param everyStep whether every update is a line (EM iterations) rather than every tenth of the work
     * @return a bar on a terminal (when the JVM has a console), lines otherwise
     */
    public static Progress of(String what, long total, String unit, PrintWriter out, boolean everyStep) {
        boolean terminal = System.console() != null;
        return new Progress(
                what,
                total,
                unit,
                terminal ? null : out,
                terminal ? new PrintWriter(System.err, true) : null,
                everyStep ? 1 : (total + 9) / 10);
    }

    /** @return lines to {@code out} only, for tests and files: never a bar */
    static Progress lines(String what, long total, String unit, PrintWriter out, boolean everyStep) {
        return new Progress(what, total, unit, out, null, everyStep ? 1 : (total + 9) / 10);
    }

    /** @return progress that shows nothing */
    public static Progress none() {
        return new Progress("", 1, "", null, null, 1);
    }

    /** @return {@link #update(long, String)} without detail, as a consumer */
    public LongConsumer asConsumer() {
        return done -> update(done, "");
    }

    /**
     * @param done how much of the work is done
     * @param detail appended to the line or the bar (e.g. the lower bound), or ""
     */
    public void update(long done, String detail) {
        double seconds = (System.nanoTime() - started) / 1e9;
        if (bar != null) {
            long now = System.nanoTime();
            if (now - lastDraw < 100_000_000L && done < total) {
                return;
            }
            lastDraw = now;
            int filled = (int) Math.min(WIDTH, WIDTH * done / Math.max(1, total));
            bar.printf(
                    Locale.ROOT,
                    "\r%s [%s%s] %d/%d %s  %.1f s %s ",
                    what,
                    "=".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    done,
                    total,
                    unit,
                    seconds,
                    detail);
            bar.flush();
        } else if (lines != null && (done >= nextLine || done >= total)) {
            lines.printf(
                    Locale.ROOT,
                    "%s: %d/%d %s, %.1f s%s%n",
                    what,
                    done,
                    total,
                    unit,
                    seconds,
                    detail.isEmpty() ? "" : ", " + detail);
            lines.flush();
            while (nextLine <= done) {
                nextLine += lineEvery;
            }
        }
    }

    /** Clears the bar (a terminal); lines need nothing. */
    public void done() {
        if (bar != null) {
            bar.print("\r" + " ".repeat(110) + "\r");
            bar.flush();
        }
    }
}
