package genmodels.optim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An optimizer's moments read back from its saved state ({@link Adam#save}), for the tests. */
public final class AdamState {

    private AdamState() {}

    /** @return the first and second moment vectors [N], in {@code manager} */
    public static NDList moments(Adam adam, NDManager manager) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            adam.save(bytes);
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            in.readInt(); // format
            in.readInt(); // version
            in.readLong(); // step
            byte[] encoded = in.readNBytes(in.readInt());
            return NDList.decode(manager, encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
