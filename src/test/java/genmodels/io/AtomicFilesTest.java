package genmodels.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a run writes get the permissions the umask allows, as a plain file or folder created there would. */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void anAtomicFileHasThePermissionsOfAPlainNewFileNotTheTemporaryFiles0600() throws Exception {
        Set<PosixFilePermission> umaskAllows = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain")));
        AtomicFiles.writeString(tmp.resolve("summary.json"), "{}\n");
        assertEquals(umaskAllows, Files.getPosixFilePermissions(tmp.resolve("summary.json")));
        assertEquals("{}\n", Files.readString(tmp.resolve("summary.json")));
        if (umaskAllows.contains(PosixFilePermission.GROUP_READ)) {
            // under umask 022 (the usual one), lab-mates can read; Files.createTempFile gives 0600
            assertTrue(Files.getPosixFilePermissions(tmp.resolve("summary.json"))
                    .contains(PosixFilePermission.GROUP_READ));
        }
        try (var left = Files.list(tmp)) {
            assertEquals(2, left.count(), "no temporary file is left behind");
        }
    }

    @Test
    void anAtomicFolderHasThePermissionsOfAPlainNewFolder() throws Exception {
        Set<PosixFilePermission> umaskAllows =
                Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain")));
        AtomicFiles.writeFolder(tmp.resolve("cache"), "done", f -> Files.writeString(f.resolve("done"), "1"));
        assertEquals(umaskAllows, Files.getPosixFilePermissions(tmp.resolve("cache")));
        Path made = AtomicFiles.createTemporaryFolder(tmp, ".ckpt.tmp-");
        assertEquals(umaskAllows, Files.getPosixFilePermissions(made));
    }
}
