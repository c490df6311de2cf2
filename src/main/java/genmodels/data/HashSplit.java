package genmodels.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The split of one file of a folder that comes without {@code train/} and {@code test/}, decided
 * by the file alone: u = the first 64 bits of SHA-256(seed, NUL, the path relative to {@code
 * data.dir} with '/' separators), read as a fraction of 2^64, goes to test when u &lt; test
 * fraction, to validation when u &lt; test fraction + validation fraction, else to train. Adding or
 * removing other files never moves a file between splits (what a shuffle-then-cut split, such as
 * Keras' {@code validation_split} or a seeded {@code train_test_split}, cannot promise), and the
 * same seed gives the same split on every machine.
 */
public final class HashSplit {

    private HashSplit() {}

    /**
     * @param relativePath the file's path relative to data.dir, '/'-separated
     * @param seed {@code data.split_seed}
     * @return u in [0, 1), uniform over paths
     */
    static double unit(String relativePath, long seed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((seed + "\0" + relativePath).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(sha.digest()).getLong();
            return (bits >>> 11) * 0x1.0p-53; // the top 53 bits: a double in [0, 1)
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return {@code train}, {@code validation} or {@code test} for this file
     */
    public static String of(String relativePath, long seed, double testFraction, double validationFraction) {
        double u = unit(relativePath, seed);
        if (u < testFraction) {
            return "test";
        }
        return u < testFraction + validationFraction ? "validation" : "train";
    }
}
