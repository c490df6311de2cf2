package genmodels.cli;

import genmodels.errors.UserError;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --class} and {@code --per-class}: the classes a conditional model draws, one grid row per
 * class. A class is named as the run's data names it (a folder's class folder, {@code classes.json})
 * or by its index.
 */
final class ClassOptions {

    @Option(
            names = "--class",
            paramLabel = "NAME_OR_INDEX",
            description = "A class-conditional model: draw this class (repeatable; a class folder's name or the"
                    + " label's index). With --per-class and no --class: every class.")
    List<String> classes;

    @Option(
            names = "--per-class",
            paramLabel = "N",
            description = "A class-conditional model: images per class, one grid row each (default 8 with --class).")
    Integer perClass;

    /** @return whether either option was given */
    boolean given() {
        return classes != null || perClass != null;
    }

    /** @return images per class: --per-class, or 8 */
    int perClass() {
        int n = perClass == null ? 8 : perClass;
        OptionRange.require("--per-class", n, 1, 10_000);
        return n;
    }

    /**
     * @param names the model's class names, label i named {@code names.get(i)}
     * @return the label of each --class in order, or every label when none was given
     * @throws UserError naming the class and listing the model's classes when one is unknown
     */
    int[] resolve(List<String> names) {
        if (classes == null) {
            return java.util.stream.IntStream.range(0, names.size()).toArray();
        }
        List<Integer> labels = new ArrayList<>();
        for (String c : classes) {
            labels.add(resolve(c.trim(), names));
        }
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int resolve(String given, List<String> names) {
        int named = names.indexOf(given);
        if (named >= 0) {
            return named;
        }
        try {
            int index = Integer.parseInt(given);
            if (index >= 0 && index < names.size()) {
                return index;
            }
        } catch (NumberFormatException e) {
            // not an index: fall through to the message
        }
        throw new UserError("--class '" + given + "' is not a class of this model; its classes are "
                + String.join(", ", names) + " (a name, or an index 0-" + (names.size() - 1) + ")");
    }
}
