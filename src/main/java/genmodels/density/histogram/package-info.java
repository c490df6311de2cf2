/**
 * The histogram density estimator on the training points' bounding box.
 */
package genmodels.density.histogram;
