package genmodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import genmodels.errors.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadsTest {

    @Test
    void candidatesArePowersOfTwoBelowTheCoresThenTheCores() {
        assertEquals(List.of(1), Threads.candidates(1));
        assertEquals(List.of(1, 2), Threads.candidates(2));
        assertEquals(List.of(1, 2, 4, 6), Threads.candidates(6));
        assertEquals(List.of(1, 2, 4, 8, 16), Threads.candidates(16));
        assertEquals(64, Threads.candidates(200).get(Threads.candidates(200).size() - 1));
    }

    @Test
    void parsesAutoAndCountsAndRejectsTheRestInOneLine() {
        assertTrue(Threads.parse("auto").auto());
        assertEquals(1, Threads.parse("auto").initial());
        assertEquals(3, Threads.parse("3").initial());
        for (String bad : List.of("0", "-2", "many", "1025", "")) {
            UserError e = assertThrows(UserError.class, () -> Threads.parse(bad));
            assertEquals("--threads must be auto or an integer in [1, 1024], found '" + bad + "'", e.getMessage());
        }
    }

    /** A kernel whose duration depends on the engine's thread count as given: 1 -> ms1, 2 -> ms2. */
    private static Runnable sleeps(double ms1, double ms2) {
        return () -> {
            double ms = JniUtils.getNumThreads() == 1 ? ms1 : ms2;
            try {
                Thread.sleep(0, 0);
                long end = System.nanoTime() + (long) (ms * 1e6);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void measurementKeepsTheFasterCountAndTheSmallerOnATie() {
        Engine.getInstance();
        try {
            Threads.Choice two = Threads.measure("step", List.of(1, 2), sleeps(4, 1));
            assertEquals(2, two.threads());
            assertEquals(2, two.msPerStep().size());
            assertTrue(two.msPerStep().get(1) > 3 * two.msPerStep().get(2), two.describe());
            assertEquals(1, Threads.measure("step", List.of(1, 2), sleeps(1, 4)).threads());
            assertEquals(1, Threads.measure("step", List.of(1, 2), sleeps(2, 2)).threads(), "within the margin");
            assertTrue(
                    two.describe().startsWith("threads: 2 (auto: the fastest by measurement; median ms per step"),
                    two.describe());
            assertEquals(2, two.toJson().get("threads"));
        } finally {
            Threads.set(1);
        }
    }

    @Test
    void aFixedCountIsKeptAndAGpuKeepsOneWithoutMeasuring() {
        Engine.getInstance();
        try {
            Runnable never = () -> {
                throw new AssertionError("not measured");
            };
            Threads fixed = Threads.parse("2");
            assertEquals(2, fixed.choose("step", false, never, null).threads());
            assertEquals(2, JniUtils.getNumThreads());
            assertEquals(
                    1, Threads.parse("auto").choose("step", true, never, null).threads());
            assertEquals(1, JniUtils.getNumThreads());
        } finally {
            Threads.set(1);
        }
    }

    @Test
    void duringTriesEachCountOnTheWorksOwnIterationsThenKeepsTheFastest() {
        Engine.getInstance();
        try {
            Threads threads = Threads.autoAmong(List.of(1, 2));
            Threads.During during = threads.during("EM iteration", false, null);
            // warm-up at 1, then 1, 2 and 2, 1 (alternating), then the rest at the fastest
            List<Integer> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                during.before();
                int n = JniUtils.getNumThreads();
                seen.add(n);
                during.after(n == 1 ? 0.300 : 0.100);
            }
            assertEquals(List.of(1, 1, 2, 2, 1, 2, 2, 2), seen);
            Threads.Choice choice = threads.choice();
            assertEquals(2, choice.threads());
            assertEquals(300.0, choice.msPerStep().get(1), 1e-9);
            assertEquals(100.0, choice.msPerStep().get(2), 1e-9);
            assertTrue(
                    choice.describe().startsWith("threads: 2 (auto: the fastest of the work's own first iterations"),
                    choice.describe());
            during.finish(); // already decided: nothing changes
            assertEquals(choice, threads.choice());
        } finally {
            Threads.set(1);
        }
    }

    @Test
    void duringDecidesWithWhatItHasWhenTheWorkEndsEarly() {
        Engine.getInstance();
        try {
            Threads threads = Threads.autoAmong(List.of(1, 2));
            Threads.During during = threads.during("EM iteration", false, null);
            during.before();
            during.after(0.5); // the warm-up only
            during.finish();
            assertEquals(1, threads.choice().threads());
            assertTrue(threads.choice().msPerStep().isEmpty());

            Threads other = Threads.autoAmong(List.of(1, 2));
            Threads.During partial = other.during("EM iteration", false, null);
            double[] seconds = {0.5, 0.2, 0.4}; // warm-up, 1 thread, 2 threads
            for (double s : seconds) {
                partial.before();
                partial.after(s);
            }
            partial.finish();
            assertEquals(1, other.choice().threads(), other.choice().describe());
            assertEquals(1, JniUtils.getNumThreads());
        } finally {
            Threads.set(1);
        }
    }
}
