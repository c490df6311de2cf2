package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A model whose training step is several phases, one per {@link ParameterGroup}, each a forward,
 * a backward and an update of its own group alone (a GAN: the discriminator's step, then the
 * generator's). During a phase the other groups' parameters are frozen (they need no gradient),
 * so a phase's backward reaches only its own group.
 *
 * <p>{@link #loss} stays what evaluation passes run (no gradients, every term); {@link #phaseLoss}
 * is what training runs.
 */
public interface PhasedModel extends TrainableModel {

    /**
     * The loss of one phase of a training step.
     *
     * @param group the name of the group this phase updates, in {@link #parameterGroups} order
     * @param store parameter store of the current device
     * @param x images, [batch, pixels] in [0, 1]
     * @param labels class indices, int32 [batch]
     * @param step optimizer steps the first group has taken before this training step
     * @return the phase's objective (mean over the batch) and terms, or null when this phase sits
     *     this step out (a generator updated every {@code critic_steps} steps). The first group's
     *     terms are exactly {@link #termNames()}; a later group's may be empty (its objective is
     *     still checked for divergence).
     */
    LossTerms phaseLoss(String group, ParameterStore store, NDArray x, NDArray labels, long step);
}
