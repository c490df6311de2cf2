/**
 * The trainable models' contract ({@link genmodels.models.TrainableModel}, {@link
 * genmodels.models.ModelDefinition}) and registry ({@link genmodels.models.Models}), with the
 * parts several models share: architectures, likelihoods, priors, loss terms.
 */
package genmodels.models;
