package genmodels.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import genmodels.errors.UserError;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Model weights as DJL parameter files, written atomically. */
public final class Checkpoints {

    private Checkpoints() {}

    /** Writes every parameter of {@code block} to {@code file} (DJL's parameter format). */
    public static void saveWeights(Block block, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
            block.saveParameters(data);
            data.flush();
        });
    }

    /**
     * Loads weights saved by {@link #saveWeights} into a block of the same architecture.
     *
     * @throws UserError if the file is missing, truncated or from another architecture
     */
    public static void loadWeights(Block block, NDManager manager, Path file) {
        List<Shape> expected = shapes(block);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            block.loadParameters(manager, new DataInputStream(in));
            if (in.read() != -1) {
                throw new UserError("weights file " + file + " holds more parameters than this model: it was saved by a"
                        + " different model architecture (check model.hidden and latent_dim)");
            }
        } catch (UserError e) {
            throw e;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("weights file not found: " + file, e);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new UserError(
                    "cannot load weights from " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); the file is truncated or was saved by a different model architecture",
                    e);
        }
        List<Shape> found = shapes(block);
        if (!found.equals(expected)) {
            throw new UserError(
                    "weights file " + file + " has parameter shapes " + found + " but this model expects " + expected
                            + ": it was saved by a different model architecture (check model.hidden and latent_dim)");
        }
    }

    private static List<Shape> shapes(Block block) {
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            shapes.add(p.getValue().getArray().getShape());
        }
        return shapes;
    }
}
