package genmodels.data;

import genmodels.engine.Seeds;
import genmodels.errors.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The image files of one split folder ({@code train/} or {@code test/}): one subfolder per class
 * (the labels are the subfolders' names in sorted order) or the images directly (unlabelled). The
 * files are listed in a fixed pseudo-random order ({@link Seeds#FOLDER_ORDER}), so that the
 * validation hold-out (the last images) and the limits (the first) take every class. Hidden files
 * (names starting with a dot) are skipped.
 *
 * @param folder the split folder
 * @param files the image files, in the fixed order
 * @param labels each file's class index, or null when unlabelled
 * @param classes the class names (sorted), or null when unlabelled
 * @param fingerprint sha-256 of every file's path relative to the folder, size and modification time
 */
record FolderListing(Path folder, List<Path> files, int[] labels, List<String> classes, byte[] fingerprint) {

    /**
     * @param folder a split folder
     * @param split {@code train} or {@code test}, for messages
     * @throws UserError when it is missing, empty, mixes class folders with images, holds an empty
     *     class folder or a file that is not an image
     */
    static FolderListing of(Path folder, String split) {
        if (!Files.isDirectory(folder)) {
            throw new UserError("data.dir " + folder.getParent() + " has no " + split + "/ folder; it must hold train/"
                    + " and test/, each with one subfolder per class or the images directly");
        }
        List<Path> entries = visible(folder);
        List<Path> classFolders =
                entries.stream().filter(Files::isDirectory).sorted().toList();
        List<Path> images = entries.stream().filter(p -> !Files.isDirectory(p)).toList();
        if (!classFolders.isEmpty() && !images.isEmpty()) {
            throw new UserError(folder + " holds both class folders ("
                    + classFolders.get(0).getFileName()
                    + "/) and files (" + images.get(0).getFileName() + "); put every image in a class folder, or"
                    + " none");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (classFolders.isEmpty()) {
            files.addAll(checkedImages(images));
        } else {
            for (int c = 0; c < classFolders.size(); c++) {
                List<Path> inClass = checkedImages(visible(classFolders.get(c)).stream()
                        .filter(p -> !Files.isDirectory(p))
                        .toList());
                if (inClass.isEmpty()) {
                    throw new UserError("class folder " + classFolders.get(c) + " holds no images; add some or remove"
                            + " the folder");
                }
                files.addAll(inClass);
                for (int i = 0; i < inClass.size(); i++) {
                    labels.add(c);
                }
            }
        }
        if (files.isEmpty()) {
            throw new UserError(folder + " holds no images; put PNG, JPEG, BMP or GIF files there, in one subfolder"
                    + " per class or directly");
        }
        return ordered(folder, files, classFolders.isEmpty() ? null : labels, classFolders);
    }

    private static FolderListing ordered(Path folder, List<Path> files, List<Integer> labels, List<Path> classFolders) {
        int[] order = Seeds.permutation(files.size(), 0, Seeds.FOLDER_ORDER);
        List<Path> shuffled = new ArrayList<>(files.size());
        int[] shuffledLabels = labels == null ? null : new int[files.size()];
        for (int i = 0; i < order.length; i++) {
            shuffled.add(files.get(order[i]));
            if (labels != null) {
                shuffledLabels[i] = labels.get(order[i]);
            }
        }
        List<String> classes = labels == null
                ? null
                : classFolders.stream().map(p -> p.getFileName().toString()).toList();
        return new FolderListing(folder, List.copyOf(shuffled), shuffledLabels, classes, fingerprint(folder, files));
    }

    /**
     * A folder without {@code train/} and {@code test/}, split per file by {@link HashSplit}.
     *
     * @param pool the training images then the validation images, each part in the fixed order
     * @param validationCount how many of the pool's last images are the validation split
     * @param test the test images
     * @param splits each file's path relative to data.dir and its split, sorted by path
     * @param skipped hidden files and files that are not images, not read
     */
    record Unsplit(
            FolderListing pool, int validationCount, FolderListing test, Map<String, String> splits, int skipped) {}

    /**
     * Lists a folder that holds its images directly (unlabelled) or in one subfolder per class
     * (labelled by the subfolders' names), nested folders walked, and splits it per file.
     *
     * @throws UserError when the folder holds no images, or a split would be empty
     */
    static Unsplit unsplit(Path root, long seed, double testFraction, double validationFraction) {
        List<Path> entries = visible(root);
        boolean flat = entries.stream().anyMatch(p -> !Files.isDirectory(p) && ImageFiles.isImage(p));
        List<Path> classFolders =
                flat ? List.of() : entries.stream().filter(Files::isDirectory).toList();
        int[] skipped = {0};
        Map<String, List<Path>> bySplit = new LinkedHashMap<>();
        Map<String, List<Integer>> labelsBySplit = new LinkedHashMap<>();
        Map<String, String> splits = new TreeMap<>();
        for (String s : List.of("train", "validation", "test")) {
            bySplit.put(s, new ArrayList<>());
            labelsBySplit.put(s, new ArrayList<>());
        }
        List<Path> tops = flat ? List.of(root) : classFolders;
        for (int c = 0; c < tops.size(); c++) {
            for (Path file : walk(tops.get(c), skipped)) {
                String relative = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                String split = HashSplit.of(relative, seed, testFraction, validationFraction);
                splits.put(relative, split);
                bySplit.get(split).add(file);
                labelsBySplit.get(split).add(c);
            }
        }
        if (splits.isEmpty()) {
            throw new UserError(root + " holds no images (PNG, JPEG, BMP or GIF), directly or in class folders");
        }
        for (String s : List.of("train", "test")) {
            if (bySplit.get(s).isEmpty()) {
                throw new UserError(
                        "the " + splits.size() + " images of " + root + " leave the " + s + " split empty"
                                + " (data.test_fraction and data.validation take the rest); add images or change the fractions");
            }
        }
        List<Integer> poolLabels = flat ? null : new ArrayList<>(labelsBySplit.get("train"));
        List<Path> classes = flat ? List.of() : classFolders;
        FolderListing train = ordered(root, bySplit.get("train"), poolLabels, classes);
        FolderListing validation = bySplit.get("validation").isEmpty()
                ? null
                : ordered(root, bySplit.get("validation"), flat ? null : labelsBySplit.get("validation"), classes);
        FolderListing test = ordered(root, bySplit.get("test"), flat ? null : labelsBySplit.get("test"), classes);
        FolderListing pool = validation == null ? train : concat(train, validation);
        return new Unsplit(pool, validation == null ? 0 : validation.size(), test, splits, skipped[0]);
    }

    /** @return the images under a folder, nested folders walked, hidden entries and non-images counted in skipped */
    private static List<Path> walk(Path top, int[] skipped) {
        List<Path> images = new ArrayList<>();
        try (Stream<Path> all = Files.walk(top)) {
            for (Path p : all.sorted().toList()) {
                if (Files.isDirectory(p)) {
                    continue;
                }
                boolean hidden = false;
                for (Path part : top.relativize(p)) {
                    hidden |= part.toString().startsWith(".");
                }
                if (hidden || !ImageFiles.isImage(p)) {
                    skipped[0]++;
                } else {
                    images.add(p);
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot list " + top + ": " + e.getMessage(), e);
        }
        return images;
    }

    private static FolderListing concat(FolderListing a, FolderListing b) {
        List<Path> files = new ArrayList<>(a.files());
        files.addAll(b.files());
        int[] labels = null;
        if (a.labels() != null) {
            labels = java.util.Arrays.copyOf(a.labels(), a.size() + b.size());
            System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        }
        byte[] print = java.util.Arrays.copyOf(a.fingerprint(), a.fingerprint().length + b.fingerprint().length);
        System.arraycopy(b.fingerprint(), 0, print, a.fingerprint().length, b.fingerprint().length);
        return new FolderListing(a.folder(), List.copyOf(files), labels, a.classes(), print);
    }

    /** @return the folder's entries whose names do not start with a dot, sorted by name */
    private static List<Path> visible(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UserError("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> checkedImages(List<Path> files) {
        for (Path file : files) {
            if (!ImageFiles.isImage(file)) {
                throw new UserError(file + " is not a PNG, JPEG, BMP or GIF file (by its name); convert it or move it"
                        + " out of the data folder");
            }
        }
        return files;
    }

    private static byte[] fingerprint(Path folder, List<Path> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                String id = folder.relativize(file) + "|" + a.size() + "|"
                        + a.lastModifiedTime().toMillis() + "\n";
                sha.update(id.getBytes(StandardCharsets.UTF_8));
            }
            return sha.digest();
        } catch (IOException e) {
            throw new UserError("cannot read the files of " + folder + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the number of images */
    int size() {
        return files.size();
    }
}
