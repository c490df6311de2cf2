/**
 * Files: run directories, atomic writes, checkpoints, JSON, NumPy arrays, image grids and progress
 * lines.
 */
package genmodels.io;
