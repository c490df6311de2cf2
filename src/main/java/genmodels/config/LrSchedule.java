package genmodels.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The {@code train.lr_schedule} section: the learning rate of each update, as a function of the
 * number of updates already applied (PyTorch's {@code LambdaLR} and diffusers' convention: the
 * first update uses the rate at 0).
 *
 * @param name {@code constant} (the optimizer's {@code lr} throughout), {@code step} (multiplied by
 *     {@code gamma} after each milestone), {@code cosine} (half a cosine from {@code lr} down to
 *     {@code min_lr} over the updates after the warm-up, Loshchilov &amp; Hutter 2017, without
 *     restarts) or {@code linear} (a straight line from {@code lr} to {@code min_lr} over them);
 *     null means constant
 * @param warmupSteps updates of linear warm-up from 0 to {@code lr} before the schedule, >= 0
 *     (null means 0); the schedule's own updates are counted after it
 * @param minLr cosine and linear: the rate at the last update, in [0, lr) (null means 0)
 * @param milestones step: the update counts (after the warm-up) at which the rate is multiplied by
 *     {@code gamma}, strictly increasing, each >= 1 (null means none)
 * @param gamma step: the factor, in (0, 1] (null means 0.1)
 */
public record LrSchedule(String name, Integer warmupSteps, Double minLr, List<Integer> milestones, Double gamma) {

    /** {@code name} values. */
    public static final String[] NAMES = {"constant", "step", "cosine", "linear"};

    /** The default: the optimizer's rate at every update. */
    public static final LrSchedule CONSTANT = new LrSchedule("constant", 0, 0.0, List.of(), 0.1);

    public LrSchedule {
        name = name == null ? "constant" : name;
        Checks.oneOf("name", name, NAMES);
        warmupSteps = warmupSteps == null ? 0 : warmupSteps;
        Checks.inRange("warmup_steps", warmupSteps, 0, Integer.MAX_VALUE);
        minLr = minLr == null ? 0.0 : minLr;
        Checks.inRange("min_lr", minLr, 0.0, 10.0);
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        for (int i = 0; i < milestones.size(); i++) {
            if (milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
                throw new ConfigException(
                        "milestones",
                        "must be update counts >= 1 in increasing order, e.g. [5000, 8000], found " + milestones);
            }
        }
        gamma = gamma == null ? 0.1 : gamma;
        Checks.aboveAtMost("gamma", gamma, 0, 1);
        if (name.equals("step") && milestones.isEmpty()) {
            throw new ConfigException(
                    "milestones", "must list at least one update count for the step schedule, e.g. [5000]");
        }
    }

    /** @return whether the rate is the optimizer's {@code lr} at every update (no warm-up either) */
    @JsonIgnore
    public boolean isConstant() {
        return name.equals("constant") && warmupSteps == 0;
    }
}
