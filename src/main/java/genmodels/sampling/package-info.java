/**
 * Samplers of a trained model: its own prior, a mixture fitted to its codes, or N(0, I) decoded.
 */
package genmodels.sampling;
