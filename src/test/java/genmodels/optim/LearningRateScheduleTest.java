package genmodels.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genmodels.config.ConfigException;
import genmodels.config.LrSchedule;
import genmodels.errors.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each schedule against its formula, written out here, at every update of a short run. */
class LearningRateScheduleTest {

    private static final double LR = 2e-3;
    private static final double MIN = 1e-4;
    private static final int TOTAL = 1000;
    private static final int WARMUP = 100;

    /** Float trackers: a relative error of a few float ulps. */
    private static void near(double expected, double actual, String where) {
        assertEquals(expected, actual, 1e-6 * LR, where);
    }

    @Test
    void theConstantScheduleIsTheOptimizersRateItself() {
        LearningRateSchedule s = LearningRateSchedule.of(LrSchedule.CONSTANT, LR, TOTAL, "train.optimizer");
        for (long u : new long[] {0, 1, 500, 999, 5000}) {
            assertEquals(LR, s.rate(u), 0.0, "the double itself, so runs without a schedule stay bit-identical");
        }
    }

    @Test
    void warmUpRisesLinearlyFromZeroThenTheScheduleRuns() {
        LrSchedule config = new LrSchedule("constant", WARMUP, null, null, null);
        LearningRateSchedule s = LearningRateSchedule.of(config, LR, TOTAL, "train.optimizer");
        for (int u = 0; u < WARMUP; u++) {
            near(LR * u / WARMUP, s.rate(u), "warm-up update " + u);
        }
        near(LR, s.rate(WARMUP), "after the warm-up");
        near(LR, s.rate(TOTAL - 1), "at the end");
    }

    @Test
    void cosineFollowsHalfACosineFromTheRateToTheFloorAfterTheWarmUp() {
        LrSchedule config = new LrSchedule("cosine", WARMUP, MIN, null, null);
        LearningRateSchedule s = LearningRateSchedule.of(config, LR, TOTAL, "train.optimizer");
        int after = TOTAL - WARMUP;
        for (int u = WARMUP; u < TOTAL; u++) {
            double expected = MIN + (LR - MIN) / 2 * (1 + Math.cos(Math.PI * (u - WARMUP) / after));
            near(expected, s.rate(u), "update " + u);
        }
        near(LR * 50 / WARMUP, s.rate(50), "half-way through the warm-up");
        near(MIN, s.rate(TOTAL), "the floor once the run is over");
    }

    @Test
    void linearFallsOnAStraightLineToTheFloor() {
        LrSchedule config = new LrSchedule("linear", 0, MIN, null, null);
        LearningRateSchedule s = LearningRateSchedule.of(config, LR, TOTAL, "train.optimizer");
        for (int u = 0; u <= TOTAL; u++) {
            near(LR - (LR - MIN) * u / TOTAL, s.rate(u), "update " + u);
        }
    }

    @Test
    void stepMultipliesByGammaAtEachMilestoneCountedAfterTheWarmUp() {
        LrSchedule config = new LrSchedule("step", 10, null, List.of(30, 60), 0.5);
        LearningRateSchedule s = LearningRateSchedule.of(config, LR, TOTAL, "train.optimizer");
        near(LR * 5 / 10, s.rate(5), "warm-up");
        assertEquals(LR, s.rate(10), 0.0);
        assertEquals(LR, s.rate(39), 0.0);
        assertEquals(LR * 0.5, s.rate(40), 0.0);
        assertEquals(LR * 0.5, s.rate(69), 0.0);
        assertEquals(LR * 0.25, s.rate(70), 0.0);
        assertEquals(LR * 0.25, s.rate(TOTAL), 0.0);
    }

    @Test
    void aWarmUpAsLongAsTheRunAndAFloorAboveTheRateAreRefused() {
        UserError longWarmUp = assertThrows(
                UserError.class,
                () -> LearningRateSchedule.of(new LrSchedule("cosine", TOTAL, 0.0, null, null), LR, TOTAL, "x"));
        assertTrue(
                longWarmUp.getMessage().contains("warmup_steps is 1000 but the run makes only 1000 updates"),
                longWarmUp.getMessage());
        UserError floor = assertThrows(
                UserError.class,
                () -> LearningRateSchedule.of(new LrSchedule("cosine", 0, LR, null, null), LR, TOTAL, "the generator"));
        assertTrue(
                floor.getMessage().contains("min_lr (0.002) must be below the learning rate of the generator"),
                floor.getMessage());
    }

    @Test
    void milestonesOutOfOrderAndAStepWithoutMilestonesAreConfigErrors() {
        ConfigException order =
                assertThrows(ConfigException.class, () -> new LrSchedule("step", 0, null, List.of(60, 30), null));
        assertEquals("milestones", order.key());
        assertTrue(order.getMessage().contains("increasing order"), order.getMessage());
        ConfigException none = assertThrows(ConfigException.class, () -> new LrSchedule("step", 0, null, null, null));
        assertTrue(none.getMessage().contains("at least one"), none.getMessage());
        assertThrows(ConfigException.class, () -> new LrSchedule("exponential", 0, null, null, null));
    }
}
