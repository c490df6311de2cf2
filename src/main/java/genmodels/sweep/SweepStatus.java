package genmodels.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a sweep stands: its runs counted by state, the failed ones with their last error line, and
 * those to run again (neither done nor running).
 *
 * @param counts state name to number of runs, in name order
 * @param failures one line per failed run: its index, exit code and error
 * @param again the indices of the runs a rerun starts (or resumes)
 */
public record SweepStatus(Map<String, Integer> counts, List<String> failures, List<Integer> again) {

    /** @return the status of every run of {@code sweep}, read from its run directories */
    public static SweepStatus of(SweepDirectory sweep) throws java.io.IOException {
        Map<String, Integer> counts = new TreeMap<>();
        List<Integer> again = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (SweepSpec.Run run : sweep.runs()) {
            SweepDirectory.RunState s = sweep.state(run.index());
            counts.merge(s.state(), 1, Integer::sum);
            if (!s.state().equals("done") && !s.state().equals("running")) {
                again.add(run.index());
            }
            if (s.state().equals("failed")) {
                failures.add(String.format(
                        Locale.ROOT,
                        "  run %d (exit %s): %s",
                        run.index(),
                        s.exitCode(),
                        s.error() == null ? "" : s.error()));
            }
        }
        return new SweepStatus(counts, failures, again);
    }

    /** @return the counts as one phrase, e.g. {@code 3 done, 1 failed} */
    public String countsLine() {
        return String.join(
                ", ",
                counts.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .toList());
    }
}
