/**
 * Adam (Kingma and Ba 2015) with its divergence guard and clipping fused into one engine call per
 * step.
 */
package genmodels.optim;
