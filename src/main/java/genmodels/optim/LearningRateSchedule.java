package genmodels.optim;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.LinearTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import genmodels.config.LrSchedule;
import genmodels.errors.UserError;
import java.util.List;

/**
 * The learning rate of each update, r(u) for u = 0, 1, ... the number of updates already applied
 * (so the first update uses r(0), as PyTorch's {@code LambdaLR} and diffusers' schedulers do),
 * with base rate {@code lr}, W warm-up updates and U = total - W updates after them:
 *
 * <pre>
 *   warm-up   r(u) = lr * u / W                                            for u &lt; W
 *   constant  r(u) = lr
 *   step      r(u) = lr * gamma^(number of milestones m with u - W &gt;= m)
 *   cosine    r(u) = min_lr + (lr - min_lr) / 2 * (1 + cos(pi * (u - W) / U))   (Loshchilov &amp; Hutter 2017, eq. 5, one cycle)
 *   linear    r(u) = lr - (lr - min_lr) * (u - W) / U
 * </pre>
 *
 * <p>The warm-up, cosine and linear rates are DJL's trackers ({@link WarmUpTracker}, {@link
 * CosineTracker}, {@link LinearTracker}), which compute in float; the step schedule is computed
 * here, since DJL's {@code MultiFactorTracker} keeps its position as state (a resumed run would
 * have to replay it) and refuses a single milestone. Without warm-up, the constant schedule returns
 * {@code lr} itself, so a run without a schedule updates bit for bit as before schedules existed.
 * Every rate is a pure function of u, which is what exact resume needs.
 */
public final class LearningRateSchedule {

    private final LrSchedule config;
    private final double lr;
    private final Tracker tracker;

    private LearningRateSchedule(LrSchedule config, double lr, Tracker tracker) {
        this.config = config;
        this.lr = lr;
        this.tracker = tracker;
    }

    /**
     * @param config the schedule
     * @param lr the optimizer's base rate
     * @param totalUpdates the run's updates, all epochs
     * @param group the parameter group, named in errors ({@code train.optimizer} or another)
     * @throws UserError when the warm-up is not shorter than the run, or the floor not below the rate
     */
    public static LearningRateSchedule of(LrSchedule config, double lr, long totalUpdates, String group) {
        check(config, lr, totalUpdates, group);
        if (config.isConstant()) {
            return new LearningRateSchedule(config, lr, null);
        }
        int after = (int) Math.min(Integer.MAX_VALUE, totalUpdates - config.warmupSteps());
        Tracker main = switch (config.name()) {
            case "cosine" ->
                CosineTracker.builder()
                        .setBaseValue((float) lr)
                        .optFinalValue(config.minLr().floatValue())
                        .setMaxUpdates(after)
                        .build();
            case "linear" ->
                LinearTracker.builder()
                        .setBaseValue((float) lr)
                        .optSlope((float) ((config.minLr() - lr) / after))
                        .optMaxUpdates(after)
                        .build();
            default -> Tracker.fixed((float) lr); // constant; step is computed in rate()
        };
        Tracker warm = config.warmupSteps() == 0
                ? main
                : WarmUpTracker.builder()
                        .setMainTracker(main)
                        .optWarmUpSteps(config.warmupSteps())
                        .optWarmUpBeginValue(0f)
                        .build();
        return new LearningRateSchedule(config, lr, warm);
    }

    /** The refusals: a warm-up as long as the run, a floor at or above the rate. */
    private static void check(LrSchedule config, double lr, long totalUpdates, String group) {
        if (config.warmupSteps() >= totalUpdates && config.warmupSteps() > 0) {
            throw new UserError("train.lr_schedule.warmup_steps is " + config.warmupSteps() + " but the run makes only "
                    + totalUpdates + " updates (epochs x batches per epoch / accumulate); shorten the warm-up or"
                    + " train longer");
        }
        boolean decays = config.name().equals("cosine") || config.name().equals("linear");
        if (decays && config.minLr() >= lr) {
            throw new UserError("train.lr_schedule.min_lr (" + config.minLr() + ") must be below the learning rate"
                    + " of " + group + " (" + lr + "), which the " + config.name() + " schedule decays from");
        }
    }

    /**
     * @param updatesDone u, the updates already applied (0 for the first)
     * @return the rate of update u + 1
     */
    public double rate(long updatesDone) {
        if (tracker == null) {
            return lr;
        }
        int u = (int) Math.min(Integer.MAX_VALUE, updatesDone);
        if (config.name().equals("step") && u >= config.warmupSteps()) {
            return lr * Math.pow(config.gamma(), passed(config.milestones(), u - config.warmupSteps()));
        }
        return tracker.getNewValue(u);
    }

    /** @return how many milestones {@code u} has reached */
    private static int passed(List<Integer> milestones, int u) {
        int count = 0;
        for (int m : milestones) {
            if (u >= m) {
                count++;
            }
        }
        return count;
    }

    /** @return the schedule's settings */
    public LrSchedule config() {
        return config;
    }
}
