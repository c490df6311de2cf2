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
import java.util.List;
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
