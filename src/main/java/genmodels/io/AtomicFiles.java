package genmodels.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files to a temporary name in the same folder and renames them into place, so a reader
 * (or a crash) never sees a half-written file.
 */
public final class AtomicFiles {

    /** Writes the content of one file to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /**
     * @param target the final path; its folder is created if missing
     * @param writer writes the content
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = temporarySibling(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Fills a folder with files. */
    @FunctionalInterface
    public interface FolderContents {
        void writeInto(Path folder) throws IOException;
    }

    /**
     * Writes a folder whole: into a temporary sibling, renamed to {@code target} in one step, so a
     * reader never sees part of it and a run stopped midway leaves no half folder. When another
     * process renamed its own copy into place first (one holding {@code marker}), that copy stays.
     *
     * @param target the folder to create; it must not exist yet
     * @param marker a file every whole copy holds
     * @param contents writes the files into the temporary folder
     */
    public static void writeFolder(Path target, String marker, FolderContents contents) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = createTemporaryFolder(parent, ".writing-");
        try {
            contents.writeInto(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isRegularFile(target.resolve(marker))) {
                    throw e;
                }
            }
        } finally {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // a leftover temporary folder is harmless
            }
        }
    }

    /**
     * Creates a fresh folder with a random name in {@code parent}, with the permissions the umask
     * allows (0755 under umask 022), unlike {@link Files#createTempDirectory}, which makes it 0700:
     * renamed into place, it must stay readable by the user's group.
     *
     * @param prefix the name's start, e.g. {@code ".writing-"}
     */
    public static Path createTemporaryFolder(Path parent, String prefix) throws IOException {
        return Files.createDirectory(temporarySibling(parent, prefix, ""));
    }

    /**
     * A random name in {@code dir} (64 random bits: the files are created with CREATE_NEW or
     * createDirectory, which fail rather than reuse a name). Created that way they get the
     * permissions the umask allows (0644 under umask 022); {@link Files#createTempFile} would make
     * them 0600, unreadable to lab-mates and web servers.
     */
    private static Path temporarySibling(Path dir, String prefix, String suffix) {
        return dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
    }

    /** Deletes a folder and everything under it (nothing when it does not exist). */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Refuses, before any work, a folder that files cannot be written into: its nearest existing
     * ancestor must be a folder this process may write.
     *
     * @param folder where files will go (it may not exist yet)
     * @param option the option that named it, for the message
     * @throws genmodels.errors.UserError naming the folder and why
     */
    public static void requireWritable(Path folder, String option) {
        Path existing = folder.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        String why = existing == null
                ? "no part of it exists"
                : !Files.isDirectory(existing)
                        ? existing + " is a file, not a folder"
                        : !Files.isWritable(existing) ? existing + " is not writable" : null;
        if (why != null) {
            throw new genmodels.errors.UserError(
                    "cannot write into " + folder + " (" + why + "); choose a writable " + option);
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
