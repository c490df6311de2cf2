package genmodels.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import genmodels.config.OptimizerConfig;
import genmodels.models.ParameterGroup;
import genmodels.models.TrainableModel;
import genmodels.optim.Adam;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizers of a model: one {@link Adam} per {@link ParameterGroup}, in the model's order
 * (one for most models; the discriminator's then the generator's for a GAN). Checkpoints save and
 * restore each; the run's step count is the first one's.
 */
public final class Optimizers {

    private final List<ParameterGroup> groups;
    private final List<Adam> adams;

    private Optimizers(List<ParameterGroup> groups, List<Adam> adams) {
        this.groups = List.copyOf(groups);
        this.adams = List.copyOf(adams);
    }

    /**
     * @param trainOptimizer the run's {@code train.optimizer}
     * @param manager long-lived manager on the parameters' device (the moments)
     */
    public static Optimizers forModel(TrainableModel model, OptimizerConfig trainOptimizer, NDManager manager) {
        List<ParameterGroup> groups = model.parameterGroups(trainOptimizer);
        List<Adam> adams = new ArrayList<>();
        for (ParameterGroup g : groups) {
            adams.add(Adam.forParameters(g.optimizer(), g.parameters(), manager));
        }
        return new Optimizers(groups, adams);
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
