/**
 * The teaching demonstrations of {@code explain}: KL divergence, the curse of dimensionality, the
 * sliced Wasserstein distance.
 */
package genmodels.statistics;
