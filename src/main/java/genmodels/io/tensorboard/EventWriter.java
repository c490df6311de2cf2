package genmodels.io.tensorboard;

import com.google.protobuf.ByteString;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A TensorBoard events file: {@code events.out.tfevents.<seconds>.<host>.<pid>} in a folder,
 * a sequence of TFRecord records, each
 *
 * <pre>
 *   uint64 length, little-endian
 *   uint32 masked CRC-32C of those 8 bytes
 *   length bytes: one serialized {@link Event}
 *   uint32 masked CRC-32C of the data
 * </pre>
 *
 * where masked(c) = ((c &gt;&gt;&gt; 15) | (c &lt;&lt; 17)) + 0xa282ead8 (TensorFlow's {@code
 * tensorflow/core/lib/hash/crc32c.h}), with the JDK's CRC-32C (Castagnoli). The first record holds
 * {@code file_version "brain.Event:2"}. Each run that opens the folder (a resumed run too) starts a
 * new file; TensorBoard reads them all, in name order.
 */
public final class EventWriter implements Closeable {

    private static final int MASK_DELTA = 0xa282ead8;

    private final Path file;
    private final OutputStream out;

    /**
     * @param folder where the file goes (created if missing)
     * @throws IOException if the folder or the file cannot be created
     */
    public EventWriter(Path folder) throws IOException {
        Files.createDirectories(folder);
        long seconds = System.currentTimeMillis() / 1000;
        Path candidate;
        int n = 0;
        do {
            candidate = folder.resolve("events.out.tfevents." + seconds + "." + host() + "."
                    + ProcessHandle.current().pid() + (n == 0 ? "" : "." + n));
            n++;
        } while (Files.exists(candidate));
        this.file = candidate;
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
        write(Event.newBuilder()
                .setWallTime(now())
                .setFileVersion("brain.Event:2")
                .build());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** @return the events file */
    public Path file() {
        return file;
    }

    /** Writes a scalar, {@code tag} at {@code step}, for the scalars dashboard. */
    public void scalar(String tag, long step, double value) throws IOException {
        summary(
                step,
                Summary.Value.newBuilder()
                        .setTag(tag)
                        .setSimpleValue((float) value)
                        .build());
    }

    /**
     * Writes an image for the images dashboard.
     *
     * @param png the encoded PNG
     * @param channels 1 (grey), 3 (RGB) or 4 (RGBA)
     */
    public void image(String tag, long step, byte[] png, int height, int width, int channels) throws IOException {
        Summary.Image image = Summary.Image.newBuilder()
                .setHeight(height)
                .setWidth(width)
                .setColorspace(channels)
                .setEncodedImageString(ByteString.copyFrom(png))
                .build();
        summary(step, Summary.Value.newBuilder().setTag(tag).setImage(image).build());
    }

    /** Writes Markdown text for the text dashboard (a scalar string tensor of the {@code text} plugin). */
    public void text(String tag, long step, String markdown) throws IOException {
        TensorProto tensor = TensorProto.newBuilder()
                .setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .addStringVal(ByteString.copyFrom(markdown, StandardCharsets.UTF_8))
                .build();
        SummaryMetadata metadata = SummaryMetadata.newBuilder()
                .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName("text"))
                .build();
        summary(
                step,
                Summary.Value.newBuilder()
                        .setTag(tag)
                        .setMetadata(metadata)
                        .setTensor(tensor)
                        .build());
    }

    private void summary(long step, Summary.Value value) throws IOException {
        write(Event.newBuilder()
                .setWallTime(now())
                .setStep(step)
                .setSummary(Summary.newBuilder().addValue(value))
                .build());
    }

    private void write(Event event) throws IOException {
        byte[] data = event.toByteArray();
        byte[] length = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(data.length)
                .array();
        out.write(length);
        out.write(maskedCrc(length));
        out.write(data);
        out.write(maskedCrc(data));
    }

    /** @return the masked CRC-32C of {@code bytes}, little-endian */
    static byte[] maskedCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int c = (int) crc.getValue();
        int masked = ((c >>> 15) | (c << 17)) + MASK_DELTA;
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(masked)
                .array();
    }

    /** Pushes what was written to the file, so that a running TensorBoard sees it. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
