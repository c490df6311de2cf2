package genmodels.fit;

import ai.djl.ndarray.NDArray;
import genmodels.engine.ImageSpec;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The points a density command fits, in the space it fits them in.
 *
 * @param train float64 [n, d]
 * @param test float64 [m, d], or null when the source has no held-out points
 * @param trainLabels class of each training point, or null
 * @param testLabels class of each test point, or null
 * @param decoder maps points back to images, or null when they are not images in disguise
 * @param description one line: where the points came from and their space
 * @param identity the data's provenance, for the run directory
 */
public record Points(
        NDArray train,
        NDArray test,
        int[] trainLabels,
        int[] testLabels,
        ImageDecoder decoder,
        String description,
        Map<String, String> identity) {

    /** @return the dimension d */
    public int dimension() {
        return Math.toIntExact(train.getShape().get(1));
    }

    /**
     * @return the images' shape when the points are their pixel values (one dimension per value),
     *     or null (codes, projections, points from files)
     */
    public ImageSpec pixels() {
        return decoder != null && dimension() == decoder.image().dimensions() ? decoder.image() : null;
    }

    /**
     * Maps points of the fitted space back to images.
     *
     * @param image the images' channels and sides
     * @param map points float [n, d] in the fitted space to float32 [n, C * H * W] in [0, 1], in the
     *     manager of the points
     */
    public record ImageDecoder(ImageSpec image, UnaryOperator<NDArray> map) {
        /**
         * @param points float [n, d] in the fitted space
         * @return float32 [n, C * H * W] in [0, 1], in the manager of points
         */
        public NDArray toImages(NDArray points) {
            return map.apply(points);
        }
    }
}
