package genmodels.engine;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Loads a TorchScript module written as source text, so that genmodels can call a libtorch
 * operator DJL does not expose (here {@code aten::_fused_adam_}) without shipping a binary file.
 *
 * <p>A TorchScript archive is a zip file whose entries sit under one folder: {@code version} (the
 * format version, 3 here), {@code code/__torch__.py} (the module's class in TorchScript's
 * serialised syntax: every name typed, methods taking {@code self}), {@code constants.pkl} (the
 * tensor constants, none here: an empty tuple) and {@code data.pkl} (the module object: an
 * instance of {@code __torch__.<Class>} whose only attribute is {@code training = True}). The two
 * pickles are written below with Python's pickle protocol 2 opcodes. libtorch compiles the source
 * when it loads the archive.
 */
public final class TorchScript {

    private TorchScript() {}

    /**
     * @param manager where the module lives (its device)
     * @param className the module's class name
     * @param methods the methods, each {@code def name(self: __torch__.<className>, ...) -> T:} indented
     *     by two spaces, in TorchScript's serialised syntax (every name typed)
     * @return the loaded module
     */
    public static PtSymbolBlock load(PtNDManager manager, String className, String methods) {
        return loadSource(manager, className, source(className, methods));
    }

    /**
     * A module whose {@code forward} is given, for an operation that must run with autograd
     * recording: DJL runs a module's other methods under its inference guard, but {@code forward}
     * through {@code IValueUtils.forward(module, inputs, true)} with the caller's grad mode.
     *
     * @param forward the {@code def forward(self: __torch__.<className>, ...) -> T:} method, indented by two spaces
     */
    public static PtSymbolBlock loadWithForward(PtNDManager manager, String className, String forward) {
        return loadSource(manager, className, header(className) + forward);
    }

    private static PtSymbolBlock loadSource(PtNDManager manager, String className, String source) {
        try {
            return JniUtils.loadModule(manager, new ByteArrayInputStream(archive(className, source)), true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the module's class: a parameterless Module with an identity forward, then the methods */
    static String source(String className, String methods) {
        return header(className)
                + "  def forward(self: __torch__." + className + ", x: Tensor) -> Tensor:\n"
                + "    return x\n"
                + methods;
    }

    private static String header(String className) {
        return "class " + className + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n";
    }

    /** @return the archive's bytes */
    static byte[] archive(String className, String source) throws IOException {
        String folder = className.toLowerCase(java.util.Locale.ROOT) + "/";
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            stored(out, folder + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(out, folder + "data.pkl", moduleObject(className));
            stored(out, folder + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // PROTO 2, EMPTY_TUPLE, STOP
            stored(out, folder + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
        }
        return zip.toByteArray();
    }

    /** The pickle of {@code __torch__.<className>()} with {@code __dict__ = {"training": True}}. */
    private static byte[] moduleObject(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO
        p.write(2);
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL module, name
        p.write(')'); // EMPTY_TUPLE: no constructor arguments
        p.write(0x81); // NEWOBJ: cls.__new__(cls)
        p.write('}'); // EMPTY_DICT: the state
        p.write('('); // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE: 4-byte little-endian length, then the UTF-8 bytes
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x88); // NEWTRUE
        p.write('u'); // SETITEMS: the pairs since MARK into the dict
        p.write('b'); // BUILD: set the object's state from the dict
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void stored(ZipOutputStream out, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED); // as torch.jit.save writes them
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(data);
        out.closeEntry();
    }
}
