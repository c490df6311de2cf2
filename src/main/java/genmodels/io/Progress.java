package genmodels.io;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The progress of one long step (EM iterations, KDE scoring, the importance-weighted NLL,
 * decoding samples): on a terminal, a bar redrawn in place on standard error at most ten times a
 * second and cleared at the end; otherwise (a log file, a SLURM job's output) at most one line per
 * {@value #LINE_SECONDS} seconds on the output and one at the end, as tqdm's {@code mininterval}
 * does for files, so a log stays short whatever the number of steps.
 */
public final class Progress {

    /** Seconds between two lines when the output is not a terminal. */
    public static final int LINE_SECONDS = 30;

    private static final int WIDTH = 30;

    private final String what;
    private final long total;
    private final String unit;
    private final PrintWriter lines;
    private final PrintWriter bar;
    private final LongSupplier clock;
    private final long lineNanos;
    private final long started;
    private long lastDraw;
    private long lastLine;
    private long lastDone = -1;
    private String lastDetail = "";
    private boolean lastPrinted = true;

    private Progress(
            String what,
            long total,
            String unit,
            PrintWriter lines,
            PrintWriter bar,
            LongSupplier clock,
            long lineNanos) {
        this.what = what;
        this.total = total;
        this.unit = unit;
        this.lines = lines;
        this.bar = bar;
        this.clock = clock;
        this.lineNanos = lineNanos;
        this.started = clock.getAsLong();
        this.lastLine = started;
    }

    /**
     * @param what the step, as printed (e.g. {@code "KDE scoring"})
     * @param total the work's size (at most this many; EM may stop sooner)
     * @param unit what is counted (e.g. {@code "points"})
     * @param out where lines go when standard error is not a terminal
     * @return a bar on a terminal (when the JVM has a console), throttled lines otherwise
     */
    public static Progress of(String what, long total, String unit, PrintWriter out) {
        boolean terminal = System.console() != null;
        return new Progress(
                what,
                total,
                unit,
                terminal ? null : out,
                terminal ? new PrintWriter(System.err, true) : null,
                System::nanoTime,
                LINE_SECONDS * 1_000_000_000L);
    }

    /**
     * @param clock nanoseconds, for tests
     * @param lineNanos the least time between two lines
     * @return lines to {@code out} only, never a bar
     */
    static Progress lines(String what, long total, String unit, PrintWriter out, LongSupplier clock, long lineNanos) {
        return new Progress(what, total, unit, out, null, clock, lineNanos);
    }

    /** @return progress that shows nothing */
    public static Progress none() {
        return new Progress("", 1, "", null, null, System::nanoTime, 0);
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
        long now = clock.getAsLong();
        if (bar != null) {
            if (now - lastDraw < 100_000_000L && done < total) {
                return;
            }
            lastDraw = now;
            drawBar(done, detail, (now - started) / 1e9);
        } else if (lines != null) {
            lastDone = done;
            lastDetail = detail;
            lastPrinted = false;
            if (done >= total || now - lastLine >= lineNanos) {
                printLine(now);
            }
        }
    }

    private void drawBar(long done, String detail, double seconds) {
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
    }

    private void printLine(long now) {
        lines.printf(
                Locale.ROOT,
                "%s: %d/%d %s, %.1f s%s%n",
                what,
                lastDone,
                total,
                unit,
                (now - started) / 1e9,
                lastDetail.isEmpty() ? "" : ", " + lastDetail);
        lines.flush();
        lastLine = now;
        lastPrinted = true;
    }

    /** Clears the bar (a terminal), or prints the last update's line if it has not been printed. */
    public void done() {
        if (bar != null) {
            bar.print("\r" + " ".repeat(110) + "\r");
            bar.flush();
        } else if (lines != null && !lastPrinted && lastDone >= 0) {
            printLine(clock.getAsLong());
        }
    }
}
