/**
 * The {@code bench} command's measurements: training speed by phase for each registered model's
 * bench rows, the evaluations they name, PCA, EM and KDE, and peak memory per row.
 */
package genmodels.bench;
