/**
 * The denoising diffusion model (Ho et al. 2020): noise schedules, a small U-Net, DDPM and DDIM
 * sampling, the variational bound.
 */
package genmodels.models.diffusion;
