package genmodels.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import genmodels.errors.EnvironmentError;
import genmodels.errors.UserError;
import java.util.function.IntPredicate;

/**
 * Prepares the process before DJL loads libtorch, then picks the device.
 *
 * <ul>
 *   <li>No network at start-up: DJL's telemetry probe is turned off ({@code OPT_OUT_TRACKING}).
 *   <li>OpenMP threads wait passively after a short spin ({@code OMP_WAIT_POLICY=PASSIVE},
 *       {@code GOMP_SPINCOUNT=1000}) unless the user set either variable. Threads that spin for
 *       long (libgomp's default, 300,000 spins) made training 8-30x slower on 2 cores when another
 *       process used them; threads that never spin made two-thread VAE epochs 5.7 s instead of
 *       3.4 s on an idle machine, every parallel operation waiting for a sleeping thread to wake
 *       (docs/dev/engine.md has the measurements). libgomp reads the variables when it is loaded, so
 *       they are set in the process environment first.
 *   <li>Intra-op threads: the count {@code --threads} fixes, or 1 until {@code --threads auto}
 *       measures (genmodels.engine.Threads); one inter-op thread (nothing runs concurrently).
 * </ul>
 */
final class EngineSetup {

    static final String AUTO_THREADS_DOC = "the fastest of 1, 2, 4, ... up to the cores, measured on a short burst of"
            + " the command's own work before it starts; printed and written to summary.json";

    /** libc's setenv, through JNA (which DJL already depends on). */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** libgomp spins before a worker sleeps (measured 300, 1,000, 3,000, 30,000; docs/dev/engine.md). */
    static final String SPIN_COUNT = "1000";

    private EngineSetup() {}

    /** Sets what must be set before the engine loads; harmless if it has already loaded. */
    static void prepareProcess(int threads) {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getenv("OMP_WAIT_POLICY") == null && System.getenv("GOMP_SPINCOUNT") == null) {
            try {
                LibC libc = Native.load("c", LibC.class);
                libc.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
                libc.setenv("GOMP_SPINCOUNT", SPIN_COUNT, 0);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // not on a libc platform: OpenMP keeps its default policy
            }
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /**
     * Starts the engine and resolves the device.
     *
     * @param spec {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
     * @param threads intra-op threads
     * @return the device
     */
    static Device start(String spec, int threads) {
        if (!spec.matches("auto|cpu|gpu|gpu:\\d{1,4}")) {
            throw new UserError("--device must be auto, cpu, gpu or gpu:N, found '" + spec + "'");
        }
        prepareProcess(threads);
        Engine engine;
        try {
            engine = Engine.getInstance();
        } catch (EngineException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new EnvironmentError(
                    "cannot start the PyTorch engine (" + e.getMessage()
                            + (root != e ? ": " + root.getMessage() : "")
                            + "). A build made with -Pcuda downloads libtorch on"
                            + " first use (internet needed) or loads it from PYTORCH_LIBRARY_PATH with PYTORCH_FLAVOR and"
                            + " PYTORCH_VERSION (README, GPU); the default build runs offline on CPU",
                    e);
        }
        JniUtils.setNumThreads(threads);
        if (spec.equals("cpu")) {
            return Device.cpu();
        }
        int gpus = gpuCount(
                engine.getGpuCount(), engine.hasCapability(StandardCapabilities.CUDA), EngineSetup::libtorchHasGpu);
        if (spec.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        int index = spec.equals("gpu") ? 0 : Integer.parseInt(spec.substring(4));
        if (index >= gpus) {
            throw new UserError("--device " + spec + ": PyTorch sees " + gpus + " GPU(s)"
                    + (gpus == 0 ? " (a CPU-only build or no CUDA driver; see README, GPU)" : "")
                    + "; use --device cpu or a GPU index below " + gpus);
        }
        return Device.gpu(index);
    }

    /** At most this many GPUs are probed: more than any one node holds. */
    static final int MAX_PROBED_GPUS = 64;

    /**
     * The GPUs libtorch sees. DJL counts them through JNA's libcudart ({@code CudaUtils}), which finds
     * none when only a versioned {@code libcudart.so.13} is on the library path (the nvidia wheels',
     * a Python install's), although libtorch sees the GPU (DJL issue #1977). Then libtorch is asked:
     * its CUDA capability means it sees at least one GPU, and each further index is probed by making
     * an array there.
     *
     * @param countedByCudart DJL's count (through libcudart)
     * @param libtorchSeesCuda whether libtorch reports the CUDA capability ({@code torch::cuda::is_available})
     * @param libtorchHasGpu whether libtorch can make an array on GPU {@code i}
     * @return the number of GPUs
     */
    static int gpuCount(int countedByCudart, boolean libtorchSeesCuda, IntPredicate libtorchHasGpu) {
        if (countedByCudart > 0 || !libtorchSeesCuda) {
            return libtorchSeesCuda ? countedByCudart : 0;
        }
        int count = 1;
        while (count < MAX_PROBED_GPUS && libtorchHasGpu.test(count)) {
            count++;
        }
        return count;
    }

    /** @return whether libtorch makes an array on GPU {@code index} */
    private static boolean libtorchHasGpu(int index) {
        Device device = Device.gpu(index);
        try (NDManager probe = NDManager.newBaseManager(device)) {
            probe.zeros(new Shape(1)).close();
            return true;
        } catch (EngineException e) {
            return false;
        }
    }
}
