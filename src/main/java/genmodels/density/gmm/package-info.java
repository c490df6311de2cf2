/**
 * Gaussian mixtures fitted by EM or by gradient ascent, with four covariance types, BIC and AIC,
 * and their file on disk.
 */
package genmodels.density.gmm;
