package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.jrom.algorithms.Pod;
import org.jrom.linalg.VectorArray;
import org.jrom.models.StationaryModel;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster on loopback, started and stopped by the test: a master and two
 * workers (one core, 1 GB each) as {@code java} processes from the SPARK_HOME the build lays out
 * (its {@code jars/} is this module's runtime classpath), and a driver process that runs the
 * distributed snapshots and TSQR through {@code spark://127.0.0.1:PORT}, the application's classes
 * shipped to the executors as a jar. The singular values equal the single-machine POD's.
 */
class StandaloneClusterTest {
    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();

    @Test
    void aJobOnAMasterAndTwoWorkersGivesTheSingleMachinePod() throws Exception {
        Path home = Path.of(System.getProperty("jrom.spark.home", "target/spark-home"));
        assertThat(home.resolve("jars")).isDirectory();
        String jars = home.resolve("jars").toAbsolutePath() + "/*";
        int port = freePort();
        try {
            Process master = start(
                    "master",
                    jars,
                    home,
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--webui-port",
                    Integer.toString(freePort()));
            awaitLine(tmp.resolve("master.log"), "I have been elected leader", 1, master);
            String url = "spark://127.0.0.1:" + port;
            for (int w = 0; w < 2; w++) {
                start(
                        "worker" + w,
                        jars,
                        home,
                        "org.apache.spark.deploy.worker.Worker",
                        url,
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        "1",
                        "--memory",
                        "1g",
                        "--webui-port",
                        Integer.toString(freePort()),
                        "--work-dir",
                        tmp.resolve("work" + w).toString());
            }
            awaitLine(tmp.resolve("master.log"), "Registering worker", 2, master);
            Path appJar = applicationJar();
            Path out = tmp.resolve("result.txt");
            Process driver = start(
                    "driver",
                    jars + ":" + classes("classes") + ":" + classes("test-classes"),
                    home,
                    ClusterJob.class.getName(),
                    url,
                    appJar.toString(),
                    out.toString());
            boolean done = driver.waitFor(120, TimeUnit.SECONDS);
            assertThat(done).as("the driver finished in 2 minutes").isTrue();
            assertThat(driver.exitValue())
                    .as(Files.readString(tmp.resolve("driver.log")))
                    .isZero();
            List<String> lines = Files.readAllLines(out);
            assertThat(Integer.parseInt(lines.get(0))).as("executors").isEqualTo(2);
            double[] sigma = Stream.of(lines.get(1).split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            ThermalBlockRecipe source = new ThermalBlockRecipe(2, 2, 6);
            StationaryModel fom = source.model();
            VectorArray snapshots = VectorArray.empty(fom.dim());
            for (Parameter mu : Sampler.random(fom.parameterSpace(), 12, 4)) {
                snapshots.append(fom.solve(mu));
            }
            double[] reference =
                    Pod.compute(snapshots, null, Pod.Options.modes(12)).singularValues();
            assertThat(sigma).hasSize(12);
            for (int k = 0; k < 12; k++) {
                assertThat(Math.abs(sigma[k] - reference[k])).as("sigma_%d", k).isLessThan(1e-13 * reference[0]);
            }
        } finally {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : processes) {
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private Process start(String name, String classpath, Path home, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-Xss16m"));
        command.addAll(List.of(
                System.getProperty("jrom.spark.module.options", "").trim().split("\\s+")));
        command.add("-Djrom.spark.module.options=" + System.getProperty("jrom.spark.module.options", ""));
        command.addAll(List.of("-cp", classpath, main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(
                        command.stream().filter(s -> !s.isEmpty()).toList())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toAbsolutePath().toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Waits (at most 60 s) until {@code log} has {@code count} lines containing {@code text}. */
    private static void awaitLine(Path log, String text, int count, Process owner) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                long seen = Files.readAllLines(log).stream()
                        .filter(l -> l.contains(text))
                        .count();
                if (seen >= count) {
                    return;
                }
            }
            assertThat(owner.isAlive())
                    .as(Files.exists(log) ? Files.readString(log) : "no log")
                    .isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("no " + count + " x '" + text + "' in " + log + " within 60 s:\n"
                + (Files.exists(log) ? Files.readString(log) : ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String classes(String dir) {
        return Path.of("target", dir).toAbsolutePath().toString();
    }

    /** This module's classes and test classes as one jar, for spark.jars. */
    private Path applicationJar() throws IOException {
        Path jar = tmp.resolve("jrom-spark-app.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (String dir : List.of("classes", "test-classes")) {
                Path root = Path.of("target", dir);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        out.putNextEntry(
                                new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }
}
