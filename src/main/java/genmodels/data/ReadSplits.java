package genmodels.data;

import java.util.List;
import java.util.Map;

/**
 * What a reader returns: both splits as decoded, the class names when the data name them, and
 * where they came from.
 *
 * @param train the training images (before the validation hold-out and the limits)
 * @param test the test images
 * @param classNames the name of each label (label i is {@code classNames.get(i)}), or null when
 *     the labels are numbers
 * @param identity the dataset, the source and the md5 of each file or decoded array
 */
record ReadSplits(DecodedImages train, DecodedImages test, List<String> classNames, Map<String, String> identity) {}
