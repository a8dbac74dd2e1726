package org.jrom.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jrom.JromException;
import org.jrom.io.AtomicFile;
import org.jrom.io.FileAccessException;

/** The output directory of a command that writes several files: created, probed, marked while written. */
final class OutputDirectory {
    private OutputDirectory() {}

    /** The marker of a run that has not finished writing its directory. */
    static final String INCOMPLETE = "INCOMPLETE";

    /**
     * Runs {@code work}, which writes into {@code dir}, after preparing the directory.
     *
     * <p>A marker file {@value #INCOMPLETE} is written first and removed last, so a directory whose
     * run was killed says that its files may mix two runs. A marker rather than a staging directory
     * renamed into place: {@code --out} may name a directory that holds other files of the user's
     * (even {@code .}), which must never be moved or deleted, and a per-file move out of a staging
     * directory would still leave a mix when killed halfway; the marker tells the truth after any
     * kill, SIGKILL and power loss included, and deletes nothing.
     *
     * <p>When the work fails, or the JVM is stopped (SIGTERM, Ctrl-C) during it, a directory this
     * call created is removed again with what the work wrote into it (the directories above it it
     * created too), so that a failed run leaves nothing behind; in a directory that existed, the
     * marker stays if the work replaced any file.
     */
    static void write(Path dir, Runnable work) {
        Path created = firstMissing(dir.toAbsolutePath());
        Map<String, List<Object>> before = created == null ? listing(dir) : Map.of();
        Path marker = dir.resolve(INCOMPLETE);
        Thread onStop = created == null
                ? null
                : new Thread(() -> removeCreated(dir.toAbsolutePath(), created), "jrom-output-cleanup");
        if (onStop != null) {
            Runtime.getRuntime().addShutdownHook(onStop);
        }
        try {
            prepare(dir);
            AtomicFile.writeString(
                    marker,
                    "jrom started writing this directory at " + Instant.now() + " (process "
                            + ProcessHandle.current().pid() + ") and has not finished: its files may mix"
                            + " that run's and an earlier one's.\n");
            work.run();
        } catch (RuntimeException | Error e) {
            if (created != null) {
                removeCreated(dir.toAbsolutePath(), created);
            } else if (!before.containsKey(INCOMPLETE) && unchangedBesidesMarker(dir, before)) {
                deleteQuietly(marker);
            }
            throw e;
        } finally {
            if (onStop != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onStop);
                } catch (IllegalStateException e) {
                    // the JVM is stopping: the hook is running
                }
            }
        }
        try {
            Files.delete(marker);
        } catch (IOException e) {
            throw new FileAccessException("delete", marker, e);
        }
    }

    /** The outermost of {@code dir} and its parents that does not exist, or null when {@code dir} exists. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && Files.notExists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Name to size and modification time of the entries of {@code dir} (links not followed). */
    private static Map<String, List<Object>> listing(Path dir) {
        Map<String, List<Object>> entries = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                entries.put(f.getFileName().toString(), List.of(a.size(), a.lastModifiedTime()));
            }
        } catch (IOException e) {
            // unreadable: an empty listing; the work cannot have written there either
        }
        return entries;
    }

    private static boolean unchangedBesidesMarker(Path dir, Map<String, List<Object>> before) {
        Map<String, List<Object>> after = listing(dir);
        after.remove(INCOMPLETE);
        return after.equals(before);
    }

    /** Deletes {@code dir}'s files (what the failed work wrote: this call made the directory), then the directories up to {@code top}. */
    private static void removeCreated(Path dir, Path top) {
        deleteContents(dir); // this call created dir: all it holds is the run's (folders like vtu/ too)
        for (Path p = dir; p != null && p.startsWith(top); p = p.getParent()) {
            if (!deleteQuietly(p)) {
                break; // not empty: something else lives there
            }
        }
    }

    /** Deletes what {@code dir} holds, sub-folders included; links are deleted, never followed. */
    private static void deleteContents(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    deleteContents(f);
                }
                deleteQuietly(f);
            }
        } catch (IOException e) {
            // the directory is gone or unreadable: the deletes after this find out
        }
    }

    private static boolean deleteQuietly(Path p) {
        try {
            Files.delete(p);
            return true;
        } catch (IOException e) {
            return false; // the error that matters is the work's
        }
    }

    /** Creates the output directory and checks that it can be written, before any long work. */
    static void prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new JromException(
                    "cannot write to the output directory " + dir + ": it exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".jrom-write-test", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new JromException("cannot write to the output directory " + dir + " (" + e.getMessage() + ")");
        }
    }
}
