/**
 * The fits as commands: each fit's run (GMM, KDE, PCA) with its points, figures and summary, and
 * the registry ({@link genmodels.fit.Fits}) the command line, sweep and evaluate loop over.
 */
package genmodels.fit;
