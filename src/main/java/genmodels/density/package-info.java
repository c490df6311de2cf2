/**
 * Fitted probability densities behind one contract ({@link genmodels.density.Density}): log-
 * density per point, mean score, draws from a passed-in random source, save and load; {@link
 * genmodels.density.Densities} registers every family.
 */
package genmodels.density;
