/**
 * The autoencoder, plain or class-supervised.
 */
package genmodels.models.ae;
