package genmodels.optim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import genmodels.errors.UserError;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The last part of the optimizer's and the weight average's checkpoint files: the byte length,
 * then DJL's NDList encoding, then nothing.
 */
final class EncodedArrays {

    private EncodedArrays() {}

    /** Writes the length of the arrays' encoding, then the encoding. */
    static void write(DataOutputStream data, NDList arrays) throws IOException {
        byte[] encoded = arrays.encode();
        data.writeInt(encoded.length);
        data.write(encoded);
        data.flush();
    }

    /**
     * @param source named in errors
     * @return the arrays, in {@code manager}
     * @throws UserError when the length is implausible, or the stream ends early or goes on after them
     */
    static NDList read(DataInputStream data, NDManager manager, String source) throws IOException {
        int length = data.readInt();
        if (length < 0 || length > (1 << 30)) {
            throw new UserError(source + " is corrupt (length " + length + ")");
        }
        byte[] encoded = data.readNBytes(length);
        if (encoded.length != length || data.read() != -1) {
            throw new UserError(source + " is truncated or has trailing bytes; resume from an earlier checkpoint");
        }
        return NDList.decode(manager, encoded);
    }
}
