package org.jrom.io;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import org.jrom.JromException;

/**
 * Where a reduced model came from, as recorded in its model file: the jrom version that wrote it,
 * optionally the build date, the training set (size and seed) and the tolerances of the offline
 * stage, and free-form notes. The date is absent unless given, so that the same model and the same
 * seed give the same file byte for byte.
 *
 * @param jromVersion the version of jrom that built the model
 * @param buildDate an ISO-8601 instant, if recorded
 * @param trainingSetSize the number of training parameters, if known
 * @param trainingSeed the seed the training set was drawn with, if known
 * @param tolerances named tolerances of the offline stage (e.g. {@code greedy}), sorted by name
 * @param notes free-form key/value notes, sorted by key
 */
public record Provenance(
        String jromVersion,
        Optional<String> buildDate,
        OptionalInt trainingSetSize,
        OptionalLong trainingSeed,
        Map<String, Double> tolerances,
        Map<String, String> notes) {

    public Provenance {
        tolerances.forEach((name, v) -> {
            if (v == null || !Double.isFinite(v)) {
                throw new JromException("tolerance '" + name + "' must be a finite number, found " + v);
            }
        });
        tolerances = Collections.unmodifiableMap(new TreeMap<>(tolerances));
        notes = Collections.unmodifiableMap(new TreeMap<>(notes));
    }

    /** The provenance of a model built now by this jrom: its version, nothing else yet. */
    public static Provenance current() {
        return new Provenance(
                jromRuntimeVersion(), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(), Map.of(), Map.of());
    }

    /** The version of the jrom-io library running, from its build. */
    public static String jromRuntimeVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** With the build date recorded (this makes the file differ from build to build). */
    public Provenance withBuildDate(Instant date) {
        return new Provenance(
                jromVersion, Optional.of(date.toString()), trainingSetSize, trainingSeed, tolerances, notes);
    }

    /** With the training set's size and seed. */
    public Provenance withTrainingSet(int size, long seed) {
        return new Provenance(jromVersion, buildDate, OptionalInt.of(size), OptionalLong.of(seed), tolerances, notes);
    }

    /** With the training set's size, for a set that was given rather than drawn (no seed). */
    public Provenance withTrainingSet(int size) {
        return new Provenance(jromVersion, buildDate, OptionalInt.of(size), OptionalLong.empty(), tolerances, notes);
    }

    /** With a named tolerance of the offline stage. */
    public Provenance withTolerance(String name, double value) {
        Map<String, Double> t = new TreeMap<>(tolerances);
        t.put(name, value);
        return new Provenance(jromVersion, buildDate, trainingSetSize, trainingSeed, t, notes);
    }

    /** With a free-form note. */
    public Provenance withNote(String key, String value) {
        Map<String, String> n = new TreeMap<>(notes);
        n.put(key, value);
        return new Provenance(jromVersion, buildDate, trainingSetSize, trainingSeed, tolerances, n);
    }
}
