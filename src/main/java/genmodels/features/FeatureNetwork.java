package genmodels.features;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genmodels.engine.ImageSpec;
import genmodels.engine.Threads;
import genmodels.errors.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.IntConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A TorchScript module that maps images to feature vectors, for the Fréchet distance, KID and
 * precision/recall between image sets (as pytorch-fid's InceptionV3 wrapper does for FID).
 *
 * <p>Input contract: {@code [N, 3, H, W]}, float32 in [0, 1] unless the module declares uint8
 * (0-255); grey images are repeated to 3 channels; the module owns its resize and normalisation.
 * Output: {@code [N, D]} features. A module may declare itself in an extra file {@code
 * genmodels.json} of its archive ({@code torch.jit.save(..., _extra_files=...)}): {@code {"input":
 * "float01" | "uint8", "features": D, "name": "...", "fid": true}}; {@code fid: true} marks pytorch-fid's
 * FID Inception (written by {@code scripts/export-fid-inception.py}), the only network whose
 * Fréchet distance is labelled FID.
 */
public final class FeatureNetwork implements AutoCloseable {

    /** Images per forward pass by default (pytorch-fid's default batch). */
    public static final int DEFAULT_BATCH = 50;

    /**
     * What a module says of itself.
     *
     * @param uint8Input whether it takes 0-255 uint8 rather than float in [0, 1]
     * @param features the feature width it declares, or 0 when it declares none
     * @param name what it is, or the file name
     * @param fid whether it is pytorch-fid's FID Inception
     */
    public record Declaration(boolean uint8Input, int features, String name, boolean fid) {}

    private final Model model;
    private final Block block;
    private final Path file;
    private final String sha256;
    private final Declaration declaration;

    private FeatureNetwork(Model model, Path file, String sha256, Declaration declaration) {
        this.model = model;
        this.block = model.getBlock();
        this.file = file;
        this.sha256 = sha256;
        this.declaration = declaration;
    }

    /**
     * @param file a TorchScript archive ({@code torch.jit.save})
     * @param device where it runs
     * @throws UserError when the file is missing, not TorchScript, or declares itself badly
     */
    public static FeatureNetwork load(Path file, Device device) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("feature network " + file + " does not exist; export one with"
                    + " scripts/export-fid-inception.py or torch.jit.save");
        }
        Declaration declaration = declaration(file);
        Model model = Model.newInstance("features", device, "PyTorch");
        try {
            model.load(file.toAbsolutePath());
        } catch (IOException | MalformedModelException | EngineException e) {
            model.close();
            throw new UserError(
                    file + " is not a TorchScript module libtorch can load (" + firstLine(e)
                            + "); save one with torch.jit.save or scripts/export-fid-inception.py",
                    e);
        }
        return new FeatureNetwork(model, file, sha256(file), declaration);
    }

    /** @return the declaration in the archive's {@code genmodels.json}, or the defaults */
    static Declaration declaration(Path file) {
        String fallback = file.getFileName().toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.stream()
                    .filter(e -> e.getName().endsWith("/extra/genmodels.json"))
                    .findFirst()
                    .orElse(null);
            if (entry == null) {
                return new Declaration(false, 0, fallback, false);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                JsonNode json = new ObjectMapper().readTree(in);
                String input = json.path("input").asText("float01");
                if (!input.equals("float01") && !input.equals("uint8")) {
                    throw new UserError(file + ": genmodels.json declares input '" + input
                            + "'; use \"float01\" (float in [0, 1]) or \"uint8\" (0-255)");
                }
                return new Declaration(
                        input.equals("uint8"),
                        json.path("features").asInt(0),
                        json.path("name").asText(fallback),
                        json.path("fid").asBoolean(false));
            }
        } catch (IOException e) {
            throw new UserError(
                    file + " is not a TorchScript module (not a zip archive: " + firstLine(e)
                            + "); save one with torch.jit.save or scripts/export-fid-inception.py",
                    e);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    /** @return the file's sha256, hex */
    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the module's file */
    public Path file() {
        return file;
    }

    /** @return the sha256 of its file, hex */
    public String sha256() {
        return sha256;
    }

    /** @return what the module declares of itself */
    public Declaration declaration() {
        return declaration;
    }

    /**
     * Features of images, batch by batch.
     *
     * @param images [n, C * H * W] float in [0, 1], channel-major, C = 1 or 3
     * @param shape their channels and sides
     * @param batch images per forward pass
     * @param progress told the number of images done after each batch
     * @param into where the result lives
     * @return [n, D] float32
     * @throws UserError when the module fails on the input or returns anything but [batch, D] (D as
     *     declared)
     */
    public NDArray features(NDArray images, ImageSpec shape, int batch, IntConsumer progress, NDManager into) {
        return features(images, shape, batch, progress, null, into);
    }

    /**
     * {@link #features(NDArray, ImageSpec, int, IntConsumer, NDManager)}, choosing the thread count
     * on its own first batches.
     *
     * @param threads told before and after each batch ({@code --threads auto} measures the first
     *     ones), or null
     */
    public NDArray features(
            NDArray images, ImageSpec shape, int batch, IntConsumer progress, Threads.During threads, NDManager into) {
        long n = images.getShape().get(0);
        NDList parts = new NDList();
        ParameterStore store = new ParameterStore(into, false);
        for (long from = 0; from < n; from += batch) {
            long to = Math.min(n, from + batch);
            if (threads != null) {
                threads.before();
            }
            long start = System.nanoTime();
            try (NDManager scratch = into.newSubManager()) {
                NDArray x = input(images.get(scratch, new NDIndex().addSliceDim(from, to)), shape, to - from);
                NDArray f = forward(store, x, to - from);
                f.attach(into);
                parts.add(f);
            }
            if (threads != null) {
                threads.after((System.nanoTime() - start) / 1e9);
            }
            progress.accept((int) to);
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }

    /** @return [b, 3, H, W] as the module takes it */
    private NDArray input(NDArray slice, ImageSpec shape, long b) {
        NDArray x = slice.toType(DataType.FLOAT32, false).reshape(b, shape.channels(), shape.height(), shape.width());
        if (shape.channels() == 1) {
            x = x.repeat(1, 3);
        }
        if (declaration.uint8Input()) {
            x = x.mul(255).round().clip(0, 255).toType(DataType.UINT8, false);
        }
        return x;
    }

    private NDArray forward(ParameterStore store, NDArray x, long b) {
        NDList out;
        try {
            out = block.forward(store, new NDList(x), false);
        } catch (EngineException e) {
            throw new UserError(
                    "feature network " + file + " failed on " + x.getShape() + " " + x.getDataType()
                            + " images: " + firstLine(e) + "; it must take [N, 3, H, W] "
                            + (declaration.uint8Input() ? "uint8 0-255" : "float32 in [0, 1]"),
                    e);
        }
        Shape s = out.isEmpty() ? new Shape() : out.get(0).getShape();
        if (out.size() != 1 || s.dimension() != 2 || s.get(0) != b) {
            throw new UserError("feature network " + file + " returned " + describe(out) + " for " + b
                    + " images; it must return one [N, D] array of features");
        }
        if (declaration.features() > 0 && s.get(1) != declaration.features()) {
            throw new UserError("feature network " + file + " returned " + s.get(1) + " features but declares "
                    + declaration.features() + " in its genmodels.json");
        }
        return out.get(0).toType(DataType.FLOAT32, false);
    }

    private static String describe(NDList out) {
        if (out.size() != 1) {
            return out.size() + " arrays";
        }
        return "an array of shape " + out.get(0).getShape();
    }

    @Override
    public void close() {
        model.close();
    }
}
