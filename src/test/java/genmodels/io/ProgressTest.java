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

    @Test
    void withoutATerminalATenthOfTheWorkIsOneLineAndTheEndAlwaysIs() {
        StringWriter text = new StringWriter();
        Progress p = Progress.lines("KDE scoring", 95, "points", new PrintWriter(text), false);
        for (int done = 5; done <= 95; done += 5) {
            p.update(done, "");
        }
        List<String> lines = lines(text);
        assertEquals(10, lines.size(), text.toString()); // at 10, 20, ..., 90 and 95
        assertTrue(lines.get(0).startsWith("KDE scoring: 10/95 points, "), lines.get(0));
        assertTrue(lines.get(9).startsWith("KDE scoring: 95/95 points, "), lines.get(9));
    }

    @Test
    void everyStepIsALineWithItsDetail() {
        StringWriter text = new StringWriter();
        Progress p = Progress.lines("EM, K=3", 100, "iterations", new PrintWriter(text), true);
        p.update(1, "lower bound -3.2000 nats per sample");
        p.update(2, "lower bound -3.1000 nats per sample (change 1.00e-01)");
        List<String> lines = lines(text);
        assertEquals(2, lines.size());
        assertTrue(
                lines.get(1)
                        .matches("EM, K=3: 2/100 iterations, [0-9.]+ s, lower bound -3.1000 nats per sample"
                                + " \\(change 1.00e-01\\)"),
                lines.get(1));
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
