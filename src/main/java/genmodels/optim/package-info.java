/**
 * Adam (Kingma and Ba 2015) and AdamW (Loshchilov and Hutter 2019) with their divergence guard and
 * clipping fused into one engine call per step; the learning-rate schedules and the moving average
 * of the weights that training uses with them.
 */
package genmodels.optim;
