/**
 * Sweeps: a grid or random search of configs expanded into runs, executed locally or as a SLURM
 * job array, their status and the collected table that chooses on validation figures only.
 */
package genmodels.sweep;
