/**
 * Images in: MNIST and Fashion-MNIST IDX files, image folders (split or unsplit), NumPy archives
 * and CIFAR-10, held as uint8 splits and converted to float per batch.
 */
package genmodels.data;
