/**
 * Principal component analysis and probabilistic PCA (Tipping and Bishop 1999).
 */
package genmodels.density.pca;
