/**
 * The one training loop and its listeners: the step, early stopping, checkpointing, the stop
 * request, metrics, curves, pictures, TensorBoard and the summary.
 */
package genmodels.train;
