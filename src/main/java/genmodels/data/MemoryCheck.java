package genmodels.data;

import genmodels.errors.UserError;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Refuses data larger than the memory free, before it is decoded or copied: the decoded bytes
 * live on the Java heap, the float32 arrays in the engine's native memory.
 */
final class MemoryCheck {

    private MemoryCheck() {}

    /**
     * @param bytes what the Java heap must still hold
     * @param what the data, for the message
     * @throws UserError when the heap's free room (up to its maximum, {@code -Xmx}) is smaller
     */
    static void requireHeap(long bytes, String what) {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (bytes > free) {
            throw new UserError("the decoded images need " + gib(bytes) + " of Java heap (" + what + ") but only "
                    + gib(free) + " is free; set data.train_limit or a smaller data.image_size, or give Java more"
                    + " memory (JAVA_TOOL_OPTIONS=-Xmx32g)");
        }
    }

    /**
     * @param bytes what the engine's arrays need
     * @param what the data, for the message
     * @throws UserError when the machine's available memory is smaller
     */
    static void requireNative(long bytes, String what) {
        long available = available();
        if (bytes > available) {
            throw new UserError("the images need " + gib(bytes) + " of memory (" + what + ") but this machine has "
                    + gib(available) + " available; set data.train_limit or a smaller data.image_size");
        }
    }

    /** @return MemAvailable of /proc/meminfo (Linux), else the free physical memory the JVM reports */
    private static long available() {
        Path meminfo = Path.of("/proc/meminfo");
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException | SecurityException ignored) {
            // not Linux: the JVM's figure below
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getFreeMemorySize() : Long.MAX_VALUE;
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
