package genmodels.models;

import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import genmodels.config.OptimizerConfig;

/**
 * Parameters that one optimizer updates: every parameter of a model for most models; the
 * discriminator's and the generator's separately for a GAN, each with its own learning rate and
 * betas.
 *
 * @param name {@code model} for a model with one group; else e.g. {@code discriminator}, {@code
 *     generator} (checkpoints name the optimizer files after it)
 * @param parameters the parameters, in the block's order (those not requiring gradients are skipped)
 * @param optimizer the Adam settings of this group
 */
public record ParameterGroup(String name, PairList<String, Parameter> parameters, OptimizerConfig optimizer) {

    /** The name of the single group of a model trained by one optimizer. */
    public static final String WHOLE_MODEL = "model";
}
