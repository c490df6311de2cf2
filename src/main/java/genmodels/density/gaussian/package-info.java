/**
 * One multivariate Gaussian fitted by maximum likelihood.
 */
package genmodels.density.gaussian;
