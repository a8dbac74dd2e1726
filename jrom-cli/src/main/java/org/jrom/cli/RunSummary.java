package org.jrom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jrom.PhaseTimer;
import org.jrom.linalg.LinalgBackend;
import org.jrom.linalg.Parallel;
import org.jrom.parameters.ParameterSpace;
import org.jrom.parameters.ParameterType;

/**
 * {@code summary.json}, the run's headline for scripts and CI beside {@code report.md}: snake_case
 * keys, numbers as numbers, {@code null} where a figure does not apply (docs/cli.md, section
 * summary.json). Both kinds of build fill the same skeleton, so every key is always there.
 */
final class RunSummary {
    static final String FILE = "summary.json";
    static final String FORMAT = "jrom-summary/1";

    /** Why the basis stopped growing. */
    enum StopReason {
        TOLERANCE_REACHED,
        MAX_BASIS,
        /** The training set has nothing left to add (the greedy's next snapshot, or the POD's snapshots). */
        TRAINING_EXHAUSTED;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = JSON.createObjectNode();

    /**
     * The skeleton: every key, the ones that say what was reduced filled in.
     *
     * @param kind {@code certified_reduced_basis} or {@code pod_regression}
     * @param problem the problem's short name
     * @param title the report's title (the command)
     * @param unknowns the high-fidelity dimension
     * @param space the parameter space
     */
    RunSummary(String kind, String problem, String title, int unknowns, ParameterSpace space) {
        root.put("format", FORMAT);
        root.put("kind", kind);
        root.put("problem", problem);
        root.put("title", title);
        root.put("unknowns", unknowns);
        ArrayNode parameters = root.putArray("parameters");
        ParameterType type = space.type();
        for (String name : type.names()) {
            ObjectNode p = parameters.addObject();
            p.put("name", name);
            p.put("size", type.size(name));
            ArrayNode lower = p.putArray("lower");
            ArrayNode upper = p.putArray("upper");
            for (int i = type.offset(name); i < type.offset(name) + type.size(name); i++) {
                lower.add(space.lower(i));
                upper.add(space.upper(i));
            }
        }
        for (String key : List.of(
                "basis_size",
                "max_basis_size",
                "tolerance",
                "final_estimate",
                "stop_reason",
                "stop_detail",
                "training_size",
                "error_estimator",
                "coercivity_bound",
                "offline_seconds",
                "validation",
                "certified",
                "online_query_us",
                "high_fidelity_solve_us",
                "speedup",
                "monte_carlo")) {
            root.putNull(key);
        }
        root.put("blas_library", LinalgBackend.library().orElse(null));
        root.put("blas_backend", LinalgBackend.implementations());
        root.put("threads", Parallel.threads());
        root.putArray("files");
    }

    /** The object to fill in. */
    ObjectNode root() {
        return root;
    }

    /** A number, or null when it is not finite (JSON has no NaN or infinity). */
    static void put(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /** The basis: its size, the limit and the tolerance it was built under, and why it stopped. */
    void basis(int size, int maxSize, double tolerance, double finalEstimate, StopReason reason, String detail) {
        root.put("basis_size", size);
        root.put("max_basis_size", maxSize);
        put(root, "tolerance", tolerance);
        put(root, "final_estimate", finalEstimate);
        root.put("stop_reason", reason.key());
        root.put("stop_detail", detail);
    }

    /**
     * The validation object with every key, null until filled: a certified build fills the figures of
     * the high-fidelity comparison, a regression build its cross-validated estimates.
     */
    ObjectNode validation(String method, int testParameters) {
        ObjectNode v = root.putObject("validation");
        v.put("method", method);
        v.put("test_parameters", testParameters);
        for (String key : List.of(
                "seed",
                "basis_sizes",
                "basis_size",
                "max_true_error",
                "max_bound",
                "truth_accuracy",
                "violations",
                "violations_at_basis_size",
                "effectivity",
                "field_error_estimate",
                "relative_field_error_estimate",
                "output_error_estimates")) {
            v.putNull(key);
        }
        return v;
    }

    /** Seconds per phase of the timer, keys in snake_case, and the total wall time. */
    void offlineSeconds(PhaseTimer timer, double total) {
        ObjectNode o = root.putObject("offline_seconds");
        timer.seconds().forEach((phase, seconds) -> o.put(key(phase), seconds));
        o.put("total", total);
    }

    /** This process's peak resident set in bytes so far ({@code VmHWM} of {@code /proc/self/status}); -1 if unknown. */
    static long peakResidentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] w = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(w[0]) * (w.length > 1 && w[1].equals("kB") ? 1024 : 1);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no procfs: the figure is left out
        }
        return -1;
    }

    /**
     * The process's memory so far as the summary's {@code memory}: its peak resident set (Linux's
     * {@code VmHWM}; left out where the system does not tell), the heap's limit and the garbage
     * collectors.
     */
    static void putMemory(ObjectNode summary) {
        ObjectNode memory = summary.putObject("memory");
        long peak = peakResidentBytes();
        if (peak > 0) {
            memory.put("peak_rss_bytes", peak);
        }
        memory.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        ArrayNode collectors = memory.putArray("garbage_collectors");
        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> collectors.add(gc.getName()));
    }

    /** {@code Monte Carlo} as {@code monte_carlo}, {@code POD (pass 1)} as {@code pod_pass_1}. */
    static String key(String phase) {
        return phase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    /**
     * Writes {@code summary.json} into the directory, atomically, listing the files of the run, with
     * the process's memory so far under {@code memory}: its peak resident set (Linux's {@code
     * VmHWM}; left out where the system does not tell), the heap's limit and the garbage collectors.
     */
    void write(Path dir, List<String> files) {
        putMemory(root);
        ArrayNode f = root.putArray("files");
        files.forEach(f::add);
        f.add(FILE);
        try {
            org.jrom.io.AtomicFile.writeString(dir.resolve(FILE), JSON.writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
