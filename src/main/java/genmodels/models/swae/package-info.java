/**
 * The sliced-Wasserstein autoencoder (Kolouri et al. 2019).
 */
package genmodels.models.swae;
