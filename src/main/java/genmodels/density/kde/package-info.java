/**
 * Gaussian kernel density estimation with SciPy's bandwidth rules, scored in chunks on the engine.
 */
package genmodels.density.kde;
