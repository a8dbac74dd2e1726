package org.jrom.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jrom.JromException;

/**
 * Replacing a file all at once: the content goes to a temporary file in the same directory, is
 * forced to disk, then renamed over the target (atomically where the file system can), so a reader
 * sees the old file or the new one, never half of one.
 *
 * <ul>
 *   <li>A target that exists and is not a regular file (a directory, a FIFO, a device, a socket) is
 *       refused, never replaced and never written through: the promise of whole-or-nothing cannot
 *       hold for a stream (a failed write would leave half an answer in the pipe), and a device path
 *       such as {@code /dev/sda} given by mistake must not be written at all.
 *   <li>A symbolic link is written through: the temporary file goes beside the link's final target
 *       and is renamed onto it, so the link stays a link.
 *   <li>A target that is the same file as one of the inputs {@link #protect protected} by the caller
 *       is refused.
 *   <li>The temporary file ({@code .NAME.<16 hex digits>.tmp}) is deleted on failure, and by a
 *       shutdown hook when the JVM is stopped (SIGTERM, Ctrl-C) while writing. Those left by a killed
 *       process (SIGKILL, power loss) are swept at this process's first write into the directory:
 *       regular files of exactly that pattern, older than this process and not locked by a live
 *       writer.
 * </ul>
 */
public final class AtomicFile {
    /** Writes the content of a file to an output stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{16}\\.tmp");
    private static final int MAX_LINKS = 40; // as Linux's ELOOP

    private static final List<List<Path>> PROTECTED = new CopyOnWriteArrayList<>();
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private AtomicFile() {}

    /** Replaces {@code target} with the given bytes. */
    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with the given text in UTF-8. */
    public static void writeString(Path target, String text) {
        writeBytes(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code work} refusing every write onto one of {@code inputs} (the same file after following
     * links), so that a command cannot replace what it reads.
     */
    public static void protect(List<Path> inputs, Runnable work) {
        List<Path> scope = new java.util.ArrayList<>(inputs); // a new object: removed by identity, not equality
        PROTECTED.add(scope);
        try {
            work.run();
        } finally {
            PROTECTED.removeIf(p -> p == scope);
        }
    }

    /**
     * Checks what {@link #write} would check before writing {@code target}: that it is not a
     * protected input nor an existing non-regular file, and that its directory exists. For commands
     * that want to fail before long work rather than at the write.
     */
    public static void check(Path target) {
        try {
            checked(target);
        } catch (IOException e) {
            throw new FileAccessException("write", target, e);
        }
    }

    /** Replaces {@code target} with what {@code content} writes; its directory must exist. */
    public static void write(Path target, Content content) {
        Path tmp = null;
        try {
            Path file = checked(target);
            Path dir = file.getParent();
            sweepOnce(dir);
            tmp = createTemporary(dir, file.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                lock(ch); // tells a sweeping process that this temporary is alive
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Live.FILES.remove(tmp);
            tmp = null;
        } catch (IOException e) {
            throw new FileAccessException("write", target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
                Live.FILES.remove(tmp);
            }
        }
    }

    /** The file to replace: {@code target} with its links followed, after the checks of {@link #check}. */
    private static Path checked(Path target) throws IOException {
        Path file = followLinks(target.toAbsolutePath());
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(file.getParent())) {
                throw new NoSuchFileException(file.getParent().toString(), null, "no such directory");
            }
            return file;
        }
        if (!a.isRegularFile()) {
            throw new JromException("cannot write " + target + ": it is " + kind(file, a)
                    + ", not a regular file, and only regular files are written");
        }
        for (List<Path> scope : PROTECTED) {
            for (Path input : scope) {
                if (sameFile(file, input)) {
                    String which = target.equals(input) ? "an input" : "the same file as the input " + input;
                    throw new JromException(
                            "cannot write " + target + ": it is " + which + " of this command; give another file");
                }
            }
        }
        return file;
    }

    /** {@code file} with every symbolic link in its last component followed, also when the final target does not exist yet. */
    private static Path followLinks(Path file) throws IOException {
        Path p = file;
        for (int i = 0; Files.isSymbolicLink(p); i++) {
            if (i == MAX_LINKS) {
                throw new FileSystemException(file.toString(), null, "too many levels of symbolic links");
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)); // a relative link is relative to its directory
        }
        return p;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // one of them does not exist (any more): not the same file
        }
    }

    /** "a directory", "a FIFO", "a character device"...: what the file is, for the message. */
    private static String kind(Path file, BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            switch (type) {
                case 0010000:
                    return "a FIFO";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                case 0140000:
                    return "a socket";
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view on this platform: the generic word below
        }
        return "a special file";
    }

    /** A new empty file {@code .name.<16 hex digits>.tmp} next to the target, with default permissions. */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "."
                    + String.format("%016x", ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                // registered before it exists, so that no moment passes when the hook would miss it
                Live.FILES.add(tmp);
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                Live.FILES.remove(tmp);
                if (attempt >= 10) {
                    throw e;
                }
            } catch (IOException e) {
                Live.FILES.remove(tmp);
                throw e;
            }
        }
    }

    private static void lock(FileChannel ch) {
        try {
            ch.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            // no locks on this file system: the age test alone guards the temporary
        }
    }

    /** Deletes the stale temporaries in {@code dir}, once per directory and process. */
    private static void sweepOnce(Path dir) {
        if (!SWEPT.add(dir)) {
            return;
        }
        FileTime started = FileTime.from(Live.STARTED);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(
                dir, f -> TEMPORARY.matcher(f.getFileName().toString()).matches())) {
            for (Path f : files) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() && a.lastModifiedTime().compareTo(started) < 0 && !lockedByOther(f)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // best effort: a stale temporary is litter, not a reason to fail this write
        }
    }

    /** Whether a live process holds the lock of a temporary it is writing. */
    private static boolean lockedByOther(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock = ch.tryLock()) {
            return lock == null;
        } catch (IOException | OverlappingFileLockException e) {
            return true; // cannot tell: leave it
        }
    }

    /** The temporaries this process is writing, deleted by a shutdown hook when the JVM is stopped. */
    private static final class Live {
        static final Set<Path> FILES = ConcurrentHashMap.newKeySet();
        static final Instant STARTED =
                ProcessHandle.current().info().startInstant().orElseGet(Instant::now);

        static {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(Live::deleteAll, "jrom-temporary-cleanup"));
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the sweep of the next run removes what is left
            }
        }

        private static void deleteAll() {
            for (Path f : FILES) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // nothing more to do while the JVM exits
                }
            }
        }
    }
}
