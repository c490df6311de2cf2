/**
 * The denoising autoencoder (Vincent et al. 2008).
 */
package genmodels.models.dae;
