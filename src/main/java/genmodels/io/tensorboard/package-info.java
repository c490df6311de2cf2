/**
 * TensorBoard event files written with protobuf-java: scalars, images and text, read by
 * TensorBoard itself.
 */
package genmodels.io.tensorboard;
