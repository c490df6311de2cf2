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
 * @param validationCount how many of the last training images are the validation split, or null
 *     for {@code data.validation}'s hold-out (a folder split per file decides it itself)
 * @param fileSplits each file's path relative to data.dir and its split, or null when the data came split
 */
record ReadSplits(
        DecodedImages train,
        DecodedImages test,
        List<String> classNames,
        Map<String, String> identity,
        Integer validationCount,
        Map<String, String> fileSplits) {

    /** Splits whose validation hold-out is {@code data.validation}'s, and whose files are not listed. */
    ReadSplits(DecodedImages train, DecodedImages test, List<String> classNames, Map<String, String> identity) {
        this(train, test, classNames, identity, null, null);
    }
}
