/**
 * A training run from config to run directory: building the model, the loop's listeners,
 * checkpoints, resume, and a trained model read back for sampling and evaluation.
 */
package genmodels.runs;
