package genmodels.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import genmodels.models.ClassLabels;
import genmodels.models.ClassSampler;
import genmodels.models.FrechetDistance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a class-conditional model's samples, as the conditional-generation papers report
 * them: how often a held-out classifier gives an image the class it was drawn for (the accuracy of
 * Ho &amp; Salimans 2022's and Miyato &amp; Koyama 2018's class-conditional samples), and, per class,
 * the Fréchet distance between the classifier features of that class's samples and of that class's
 * test images (intra-class FD, Miyato &amp; Koyama 2018, section 5.1).
 */
final class ClassQuality {

    private ClassQuality() {}

    /**
     * @param sampler the conditional sampler
     * @param count images wanted
     * @return {@code count / K} labels of each class (at least one), class by class
     */
    static int[] balancedLabels(ClassSampler sampler, int count) {
        int k = sampler.classes();
        int[] classes = java.util.stream.IntStream.range(0, k).toArray();
        return ClassLabels.rows(classes, Math.max(1, count / k));
    }

    /**
     * @param features [n, D]
     * @param labels [n] in [0, classes)
     * @return the rows of each class, [n_k, D], one entry per class (with zero rows for a class
     *     that has none)
     */
    static List<NDArray> byClass(NDArray features, int[] labels, int classes, NDManager m) {
        List<List<Long>> rows = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            rows.get(labels[i]).add((long) i);
        }
        List<NDArray> out = new ArrayList<>();
        for (List<Long> r : rows) {
            NDArray index = m.create(r.stream().mapToLong(Long::longValue).toArray());
            out.add(features.get(m, new NDIndex("{}", index)));
        }
        return out;
    }

    /**
     * @param fp the samples' classifier features [n, D] and class probabilities [n, K]
     * @param labels the class each sample was drawn for, [n]
     * @param names the class names, label i named {@code names.get(i)}
     * @param reference the test images' per-class feature moments
     * @return accuracy (share classified as their class), mean_class_frechet_distance (the mean of
     *     the per-class distances), and per_class: name to {images, accuracy, frechet_distance}
     */
    static Map<String, Object> of(
            NDArray[] fp, int[] labels, List<String> names, Evaluation.Reference reference, NDManager m) {
        int[] predicted = fp[1].argMax(1).toType(DataType.INT32, false).toIntArray();
        int k = names.size();
        int[] correct = new int[k];
        int[] count = new int[k];
        int total = 0;
        for (int i = 0; i < labels.length; i++) {
            count[labels[i]]++;
            if (predicted[i] == labels[i]) {
                correct[labels[i]]++;
                total++;
            }
        }
        List<NDArray> features = byClass(fp[0], labels, k, m);
        Map<String, Object> perClass = new LinkedHashMap<>();
        double fdSum = 0;
        int fdCount = 0;
        for (int c = 0; c < k; c++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("images", count[c]);
            row.put("accuracy", count[c] == 0 ? Double.NaN : (double) correct[c] / count[c]);
            if (count[c] > 1 && c < reference.perClass().size()) {
                double fd = FrechetDistance.squared(
                        FrechetDistance.moments(features.get(c)),
                        reference.perClass().get(c));
                row.put("frechet_distance", fd);
                fdSum += fd;
                fdCount++;
            }
            perClass.put(names.get(c), row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", (double) total / labels.length);
        out.put("mean_class_frechet_distance", fdCount == 0 ? Double.NaN : fdSum / fdCount);
        out.put(
                "note",
                "accuracy: the share of samples the --classifier run classifies as the class they were drawn for;"
                        + " per-class FD: the samples of a class against the test images of that class");
        out.put("per_class", perClass);
        return out;
    }
}
