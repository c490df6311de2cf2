/**
 * The {@code evaluate} command's figures: a trained model's test terms and declared evaluations, a
 * sampler's sample quality, a fit's saved density scored again.
 */
package genmodels.eval;
