/**
 * The GAN: generator and discriminator in alternation, non-saturating, hinge or WGAN-GP loss.
 */
package genmodels.models.gan;
