/**
 * The variational autoencoder (Kingma and Welling 2014): its priors (normal, VampPrior),
 * likelihoods, the ELBO and the importance-weighted bound.
 */
package genmodels.models.vae;
