package genmodels.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static List<String> lines(StringWriter text) {
        return text.toString().lines().toList();
    }

    /** A clock the test moves by hand, in seconds. */
    private static final class Clock implements java.util.function.LongSupplier {
        long nanos;

        void advance(double seconds) {
            nanos += (long) (seconds * 1e9);
        }

        @Override
        public long getAsLong() {
            return nanos;
        }
    }

    @Test
    void withoutATerminalALineComesAtMostEvery30SecondsAndAtTheEnd() {
        StringWriter text = new StringWriter();
        Clock clock = new Clock();
        Progress p = Progress.lines("KDE scoring", 95, "points", new PrintWriter(text), clock, 30_000_000_000L);
        for (int done = 1; done <= 95; done++) {
            clock.advance(1.0); // 95 updates over 95 s: lines at 30, 60 and 90 s, then the end
            p.update(done, "");
        }
        p.done();
        List<String> lines = lines(text);
        assertEquals(4, lines.size(), text.toString());
        assertTrue(lines.get(0).startsWith("KDE scoring: 30/95 points, 30.0 s"), lines.get(0));
        assertTrue(lines.get(2).startsWith("KDE scoring: 90/95 points, 90.0 s"), lines.get(2));
        assertTrue(lines.get(3).startsWith("KDE scoring: 95/95 points, 95.0 s"), lines.get(3));
    }

    @Test
    void aStepThatStopsShortOfItsTotalStillEndsWithItsLastLineAndDetail() {
        StringWriter text = new StringWriter();
        Clock clock = new Clock();
        Progress p = Progress.lines("EM, K=3", 100, "iterations", new PrintWriter(text), clock, 30_000_000_000L);
        for (int i = 1; i <= 40; i++) {
            clock.advance(0.01);
            p.update(i, "lower bound -3.1000 nats per sample");
        }
        assertEquals("", text.toString(), "no line before 30 s when the work is not done");
        p.done();
        List<String> lines = lines(text);
        assertEquals(1, lines.size());
        assertTrue(
                lines.get(0).matches("EM, K=3: 40/100 iterations, 0.4 s, lower bound -3.1000 nats per sample"),
                lines.get(0));
        p.done();
        assertEquals(1, lines(text).size(), "done twice prints once");
    }

    @Test
    void noneShowsNothingAnywhere() {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(captured, true));
            System.setErr(new java.io.PrintStream(captured, true));
            Progress none = Progress.none();
            none.update(1, "x");
            none.asConsumer().accept(2);
            none.done();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString());
    }
}
