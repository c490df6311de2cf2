/**
 * The small convolutional classifier whose features the sample-quality metrics use.
 */
package genmodels.models.classifier;
