package genmodels.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory from /proc/self/status (Linux). Writing 5 to
 * /proc/self/clear_refs resets the peak (VmHWM), so each benchmark row reports its own peak.
 */
public final class ResidentMemory {

    private ResidentMemory() {}

    /** Resets the peak resident memory to the current one; false where the kernel does not allow it. */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** @return peak resident memory in megabytes since the last reset, or -1 off Linux */
    public static double peakMegabytes() {
        return field("VmHWM");
    }

    /** @return current resident memory in megabytes, or -1 off Linux */
    public static double megabytes() {
        return field("VmRSS");
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
