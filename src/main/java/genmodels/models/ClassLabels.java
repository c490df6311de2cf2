package genmodels.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import genmodels.config.ConfigException;
import genmodels.engine.ImageSpec;

/**
 * The class labels of a class-conditional model ({@code model.conditional: true}): the check that
 * the images carry labels, their one-hot codes, and the labels drawn when no class is asked for.
 */
public final class ClassLabels {

    private ClassLabels() {}

    /**
     * @param conditional {@code model.conditional}
     * @param image the images the model is built for
     * @return the classes the model conditions on: {@code image.classes()}, or 0 when not conditional
     * @throws ConfigException naming {@code model.conditional} when the images have no labels
     */
    public static int classes(boolean conditional, ImageSpec image) {
        if (!conditional) {
            return 0;
        }
        if (image.classes() < 2) {
            throw new ConfigException(
                    "model.conditional",
                    "generates images of a given class, and these images carry "
                            + (image.labelled() ? "one class" : "no labels")
                            + "; give labelled images (one folder per class, npz y_train/y_test, MNIST's"
                            + " labels) or set model.conditional: false");
        }
        return image.classes();
    }

    /**
     * The one-hot code of each label: a linear layer on it adds the learned column of its class, the
     * same as a learned class embedding.
     *
     * @param labels class indices [n], any integer type, each in [0, width)
     * @param width the code's width (the classes, or one more for a "no class" label)
     * @return float32 [n, width]
     */
    public static NDArray oneHot(NDArray labels, int width) {
        return labels.toType(DataType.INT64, false).oneHot(width).toType(DataType.FLOAT32, false);
    }

    /**
     * Labels drawn uniformly from the engine's generator: a conditional model asked for images
     * without a class samples p(x) = sum_y p(x | y) / K.
     *
     * @return int32 [n], each in [0, classes)
     */
    public static NDArray uniform(NDManager manager, int n, int classes) {
        return manager.randomInteger(0, classes, new Shape(n), DataType.INT64).toType(DataType.INT32, false);
    }

    /**
     * @param classes the classes in the order of the rows
     * @param perClass images per class
     * @return each class repeated {@code perClass} times: the labels of a grid with one row per class
     */
    public static int[] rows(int[] classes, int perClass) {
        int[] labels = new int[classes.length * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = classes[i / perClass];
        }
        return labels;
    }
}
