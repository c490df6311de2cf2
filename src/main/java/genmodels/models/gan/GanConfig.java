package genmodels.models.gan;

import genmodels.config.Checks;
import genmodels.config.ModelConfig;
import genmodels.config.OptimizerConfig;
import java.util.List;

/**
 * The {@code model} section of {@code train-gan}. The generator is optimised with {@code
 * train.optimizer}, the discriminator with {@code discriminator_optimizer}: each network has its
 * own Adam, learning rate and betas.
 *
 * @param type always {@code gan}
 * @param architecture {@code mlp} (fully connected, Goodfellow et al. 2014) or {@code conv}
 *     (DCGAN-style, Radford et al. 2016: strided convolutions in the discriminator, transposed
 *     convolutions with batch normalisation in the generator)
 * @param latentDim dimension of the generator's input z ~ N(0, I)
 * @param generator mlp: hidden widths from z to the image, e.g. [256, 512]; conv: channels of the
 *     feature maps from the smallest (after the linear layer from z) to the largest, each stage
 *     doubling the sides, e.g. [128, 64] (7x7 then 14x14, then the 28x28 image); the images'
 *     sides must be multiples of 2^(entries)
 * @param discriminator mlp: hidden widths from the image, e.g. [512, 256]; conv: channels of the
 *     stride-2 convolutions, e.g. [64, 128] (14x14 then 7x7), then a linear score
 * @param loss {@code nonsaturating} (Goodfellow et al. 2014, section 3: the generator maximises
 *     log D(G(z))), {@code hinge} (Lim &amp; Ye 2017; Miyato et al. 2018) or {@code wgan-gp}
 *     (Gulrajani et al. 2017: Wasserstein critic with a gradient penalty)
 * @param gradientPenalty lambda of the WGAN-GP penalty lambda (||grad D(x_hat)|| - 1)^2 (10 in the
 *     paper); used only by {@code wgan-gp}
 * @param criticSteps discriminator steps per generator step (1 for DCGAN; 5 in the WGAN-GP paper):
 *     the generator is updated after every {@code critic_steps}-th discriminator step
 * @param leakySlope negative slope of the discriminator's LeakyReLU activations (0.2 in DCGAN)
 * @param discriminatorOptimizer the discriminator's Adam
 * @param conditional a class-conditional GAN: the one-hot class joins z at the generator's input,
 *     and the discriminator is the projection discriminator of Miyato &amp; Koyama (2018) (null, as in
 *     configs that predate it, means false)
 */
public record GanConfig(
        String type,
        String architecture,
        int latentDim,
        List<Integer> generator,
        List<Integer> discriminator,
        String loss,
        double gradientPenalty,
        int criticSteps,
        double leakySlope,
        OptimizerConfig discriminatorOptimizer,
        Boolean conditional)
        implements ModelConfig {

    public GanConfig {
        Checks.oneOf("type", type, "gan");
        Checks.oneOf("architecture", architecture, "mlp", "conv");
        Checks.inRange("latent_dim", latentDim, 1, 65_536);
        generator = Checks.sizes("generator", generator, 1, 65_536);
        discriminator = Checks.sizes("discriminator", discriminator, 1, 65_536);
        Checks.oneOf("loss", loss, "nonsaturating", "hinge", "wgan-gp");
        Checks.inRange("gradient_penalty", gradientPenalty, 0, 1e6);
        Checks.inRange("critic_steps", criticSteps, 1, 100);
        Checks.inRange("leaky_slope", leakySlope, 0, 1);
        Checks.present("discriminator_optimizer", discriminatorOptimizer);
        conditional = conditional != null && conditional;
    }

    /** A section as configs before {@code conditional} wrote it: an unconditional GAN. */
    public GanConfig(
            String type,
            String architecture,
            int latentDim,
            List<Integer> generator,
            List<Integer> discriminator,
            String loss,
            double gradientPenalty,
            int criticSteps,
            double leakySlope,
            OptimizerConfig discriminatorOptimizer) {
        this(
                type,
                architecture,
                latentDim,
                generator,
                discriminator,
                loss,
                gradientPenalty,
                criticSteps,
                leakySlope,
                discriminatorOptimizer,
                false);
    }
}
