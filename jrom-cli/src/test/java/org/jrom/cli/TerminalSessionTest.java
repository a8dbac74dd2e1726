package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as a person runs it: in a real terminal (tmux) the progress is a live bar; with stderr
 * redirected to a file it is plain lines without carriage returns. The demo runs in a separate JVM
 * from the test classpath, as the launcher would run the jar.
 */
class TerminalSessionTest {
    /** The ASCII bar of me.tongfei progressbar: {@code weak greedy  40% [====>      ] 4/10 (0:00:01 / ...)}. */
    static final Pattern LIVE_BAR = Pattern.compile("\\d+% \\[[=> ]*\\] \\d+/\\d+");

    static final String[] DEMO = {
        "demo",
        "thermal-block",
        "--blocks",
        "2x2",
        "--resolution",
        "8",
        "--max-basis",
        "10",
        "--training",
        "40",
        "--test",
        "8",
        "--uq-samples",
        "400"
    };

    @TempDir
    Path tmp;

    @Test
    void aTerminalShowsTheLiveProgressBar() throws Exception {
        if (!commandExists("tmux")) {
            fail("tmux is not installed: this test runs the command in a real terminal and needs it"
                    + " (apt-get install tmux; .ci/run installs it)");
        }
        Path out = tmp.resolve("tb");
        Path done = tmp.resolve("exit-code");
        Path script = tmp.resolve("run.sh");
        Files.writeString(
                script,
                "cd " + quote(tmp.toString()) + " && " + javaCommand(out) + "\necho $? > " + quote(done.toString())
                        + "\nsleep 30\n");
        // A private tmux server (its own socket), so the test never touches a user's sessions.
        String socket =
                "jrom-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try {
            run("tmux", "-L", socket, "new-session", "-d", "-x", "160", "-y", "40", "bash " + quote(script.toString()));
            String seen = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String pane = run("tmux", "-L", socket, "capture-pane", "-p", "-S", "-200");
                if (seen == null && LIVE_BAR.matcher(pane).find()) {
                    seen = pane;
                }
                if (seen != null && Files.exists(done)) {
                    break;
                }
                Thread.sleep(100);
            }
            String pane = run("tmux", "-L", socket, "capture-pane", "-p", "-S", "-200");
            assertThat(seen)
                    .as("no live progress bar in the terminal; the pane shows:%n%s", pane)
                    .isNotNull();
            assertThat(done)
                    .as("the demo did not finish in 60 s; the pane shows:%n%s", pane)
                    .exists();
            assertThat(Files.readString(done).strip()).as(pane).isEqualTo("0");
            assertThat(pane).contains("weak greedy").doesNotContain("weak greedy: started");
            assertThat(out.resolve("model.jrom")).isRegularFile();
        } finally {
            new ProcessBuilder("tmux", "-L", socket, "kill-server")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void redirectedProgressIsPlainLines() throws Exception {
        Path out = tmp.resolve("tb");
        Path err = tmp.resolve("stderr.txt");
        List<String> command = new ArrayList<>(javaArgs());
        command.addAll(List.of(DEMO));
        command.addAll(List.of("--out", out.toString()));
        Process p = new ProcessBuilder(command)
                .directory(tmp.toFile())
                .redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the demo finishes").isTrue();
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).doesNotContain("\r").contains("weak greedy: started").contains("weak greedy: done in");
        assertThat(LIVE_BAR.matcher(text).find()).as(text).isFalse();
        assertThat(out.resolve("model.jrom")).isRegularFile();
    }

    /** java -cp (this test's classpath) org.jrom.cli.JromCommand: the launcher's jar is not built yet in the test phase. */
    private static List<String> javaArgs() {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss16m", // as ./jrom
                "-cp",
                System.getProperty("java.class.path"),
                "org.jrom.cli.JromCommand");
    }

    private static String javaCommand(Path out) {
        StringBuilder sb = new StringBuilder();
        for (String a : javaArgs()) {
            sb.append(quote(a)).append(' ');
        }
        for (String a : DEMO) {
            sb.append(quote(a)).append(' ');
        }
        return sb.append("--out ").append(quote(out.toString())).toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean commandExists(String name) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(name, "-V")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
