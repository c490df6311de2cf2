package genmodels.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import genmodels.config.LrSchedule;
import genmodels.config.OptimizerConfig;
import genmodels.config.TrainConfig;
import genmodels.config.WeightAveraging;
import genmodels.models.ParameterGroup;
import genmodels.models.TrainableModel;
import genmodels.optim.Adam;
import genmodels.optim.LearningRateSchedule;
import genmodels.optim.WeightAverage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The update rule of a model's training: one {@link Adam} per {@link ParameterGroup}, in the
 * model's order (one for most models; the discriminator's then the generator's for a GAN), each
 * with its {@link LearningRateSchedule}, and the {@link WeightAverage} of the model's trained
 * weights when {@code train.ema} asks for one. Checkpoints save and restore all of it; the run's
 * step count is the first optimizer's, and every group's schedule is read at it (so the
 * generator's rate follows the run's updates even when it is updated less often).
 */
public final class Optimizers {

    private final List<ParameterGroup> groups;
    private final List<Adam> adams;
    private final List<LearningRateSchedule> schedules;
    private final WeightAverage average;

    private Optimizers(
            List<ParameterGroup> groups,
            List<Adam> adams,
            List<LearningRateSchedule> schedules,
            WeightAverage average) {
        this.groups = List.copyOf(groups);
        this.adams = List.copyOf(adams);
        this.schedules = List.copyOf(schedules);
        this.average = average;
    }

    /**
     * Constant rates and no average (thread probes, benchmarks of the step, tests).
     *
     * @param trainOptimizer the run's {@code train.optimizer}
     * @param manager long-lived manager on the parameters' device (the moments)
     */
    public static Optimizers forModel(TrainableModel model, OptimizerConfig trainOptimizer, NDManager manager) {
        return build(model, trainOptimizer, LrSchedule.CONSTANT, 1, WeightAveraging.OFF, manager);
    }

    /**
     * The run's update rule: its optimizers, schedules ({@code train.lr_schedule}) and average
     * ({@code train.ema}).
     *
     * @param totalUpdates the run's updates over all its epochs (the schedules' length)
     * @throws genmodels.errors.UserError when a schedule does not fit the run
     */
    public static Optimizers forTraining(
            TrainableModel model, TrainConfig train, long totalUpdates, NDManager manager) {
        return build(model, train.optimizer(), train.lrSchedule(), totalUpdates, train.ema(), manager);
    }

    private static Optimizers build(
            TrainableModel model,
            OptimizerConfig trainOptimizer,
            LrSchedule schedule,
            long totalUpdates,
            WeightAveraging ema,
            NDManager manager) {
        List<ParameterGroup> groups = model.parameterGroups(trainOptimizer);
        List<Adam> adams = new ArrayList<>();
        List<LearningRateSchedule> schedules = new ArrayList<>();
        for (ParameterGroup g : groups) {
            adams.add(Adam.forParameters(g.optimizer(), g.parameters(), manager));
            schedules.add(LearningRateSchedule.of(schedule, g.optimizer().lr(), totalUpdates, described(g)));
        }
        WeightAverage average =
                ema.on() ? WeightAverage.of(model.block().getParameters(), ema.decay(), ema.warmup(), manager) : null;
        return new Optimizers(groups, adams, schedules, average);
    }

    /** @return the group as errors name it: {@code train.optimizer} for a whole model, else the group */
    static String described(ParameterGroup g) {
        return ParameterGroup.WHOLE_MODEL.equals(g.name()) ? "train.optimizer" : "the " + g.name();
    }

    /**
     * @param index the group
     * @param updatesDone the run's updates already applied
     * @return the learning rate of the group's next update
     */
    public double rate(int index, long updatesDone) {
        return schedules.get(index).rate(updatesDone);
    }

    /**
     * @return the name a group's learning rate is reported under: {@code lr} for a single
     *     optimizer, {@code lr_<group>} for several ({@code metrics.csv}, curves, TensorBoard)
     */
    public String rateName(int index) {
        return adams.size() == 1 ? "lr" : "lr_" + groups.get(index).name();
    }

    /** @return the average of the trained weights, when the run keeps one */
    public Optional<WeightAverage> average() {
        return Optional.ofNullable(average);
    }

    /** Moves the average (if any) towards the weights, after an update was applied. */
    void afterUpdate() {
        if (average != null) {
            average.update(stepCount());
        }
    }

    /** @return how many groups (optimizers) there are */
    public int size() {
        return adams.size();
    }

    /** @return the group at {@code index} */
    public ParameterGroup group(int index) {
        return groups.get(index);
    }

    /** @return the optimizer of the group at {@code index} */
    public Adam get(int index) {
        return adams.get(index);
    }

    /** @return the first group's step count: the run's steps */
    public long stepCount() {
        return adams.get(0).stepCount();
    }

    /**
     * @return the file a checkpoint keeps a group's optimizer state in: {@code optimizer.params}
     *     for the single group of most models, {@code optimizer-<group>.params} otherwise
     */
    public static String fileName(String group) {
        return ParameterGroup.WHOLE_MODEL.equals(group) ? "optimizer.params" : "optimizer-" + group + ".params";
    }

    /**
     * Stops (or restarts) gradient tracking of every group but {@code active}: during a phase only
     * its own group needs gradients.
     *
     * @param active the group whose phase runs, or -1 to restore tracking everywhere
     */
    void freezeAllBut(int active) {
        for (int i = 0; i < groups.size(); i++) {
            boolean track = active < 0 || i == active;
            for (Pair<String, Parameter> p : groups.get(i).parameters()) {
                if (p.getValue().requiresGradient()) {
                    NDArray array = p.getValue().getArray();
                    if (array.hasGradient() != track) {
                        array.setRequiresGradient(track);
                    }
                }
            }
        }
    }
}
