package org.jrom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
 * (its {@code jars/} is this module's runtime classpath but jrom's modules), and a driver process
 * that runs the distributed snapshots and TSQR through {@code spark://127.0.0.1:PORT}, jrom's
 * classes shipped to the executors as the application jar. The singular values equal the
 * single-machine POD's.
 */
class StandaloneClusterTest {
    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();
    private String sparkJars; // the drivers' jrom.spark.jars, once the application jar exists

    @Test
    void aJobOnAMasterAndTwoWorkersGivesTheSingleMachinePod() throws Exception {
        Path home = Path.of(System.getProperty("jrom.spark.home", "target/spark-home"));
        assertThat(home.resolve("jars")).isDirectory();
        String jars = home.resolve("jars").toAbsolutePath() + File.separator + "*";
        // the processes go also when this JVM is killed (a CI time-out), not only after the test
        Thread reaper = new Thread(this::stopAll);
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            Process master = start(
                    "master",
                    jars,
                    home,
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--webui-port",
                    "0");
            awaitLine(tmp.resolve("master.log"), "I have been elected leader", 1, master);
            // port 0: the master binds a free port itself (no race with another process) and logs it
            String url = Files.readAllLines(tmp.resolve("master.log")).stream()
                    .filter(l -> l.contains("Starting Spark master at spark://"))
                    .map(l -> l.substring(l.indexOf("spark://")).trim())
                    .findFirst()
                    .orElseThrow();
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
                        "0",
                        "--work-dir",
                        tmp.resolve("work" + w).toString());
            }
            awaitLine(tmp.resolve("master.log"), "Registering worker", 2, master);
            Path appJar = applicationJar();
            sparkJars = appJar.toString();
            Path out = tmp.resolve("result.txt");
            Path killed = tmp.resolve("executor-killed");
            Process driver = start(
                    "driver",
                    jars + File.pathSeparator + System.getProperty("surefire.test.class.path"),
                    home,
                    ClusterJob.class.getName(),
                    url,
                    appJar.toString(),
                    out.toString(),
                    killed.toString());
            boolean done = driver.waitFor(120, TimeUnit.SECONDS);
            assertThat(done).as("the driver finished in 2 minutes").isTrue();
            assertThat(driver.exitValue())
                    .as(Files.readString(tmp.resolve("driver.log")))
                    .isZero();
            List<String> lines = Files.readAllLines(out);
            assertThat(Integer.parseInt(lines.get(0))).as("executors").isEqualTo(2);
            assertThat(killed).as("an executor was killed in the second job").exists();
            assertThat(Files.readString(tmp.resolve("driver.log")))
                    .as("Spark ran the lost executor's task again")
                    .contains("ExecutorLostFailure");
            StationaryModel fom = new ThermalBlockRecipe(2, 2, 6).model();
            VectorArray snapshots = VectorArray.empty(fom.dim());
            for (Parameter mu : Sampler.random(fom.parameterSpace(), 12, 4)) {
                snapshots.append(fom.solve(mu));
            }
            double[] reference =
                    Pod.compute(snapshots, null, Pod.Options.modes(12)).singularValues();
            for (String job : List.of(lines.get(1), lines.get(2))) { // the second lost an executor mid-job
                double[] sigma = Stream.of(job.split(","))
                        .mapToDouble(Double::parseDouble)
                        .toArray();
                assertThat(sigma).hasSize(12);
                for (int k = 0; k < 12; k++) {
                    assertThat(Math.abs(sigma[k] - reference[k]))
                            .as("sigma_%d, relative to sigma_1", k)
                            .isLessThan(1e-13 * reference[0]);
                }
            }
            commandLineBuild(url, jars + File.pathSeparator + System.getProperty("surefire.test.class.path"), home);
            commandLineMechanicsBuild(
                    url, jars + File.pathSeparator + System.getProperty("surefire.test.class.path"), home);
        } finally {
            stopAll();
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    /**
     * The command line's {@code jrom build --snapshots ... --spark spark://...} as a driver process
     * on the same cluster: the plugin found on its class path, the HAPOD's tasks on both workers'
     * executors, and a model spanning the same modes as the build without Spark (in this JVM).
     */
    private void commandLineBuild(String url, String classpath, Path home) throws Exception {
        List<Parameter> mus = Sampler.random(SparkSnapshotBuildTest.SPACE, 24, 7);
        Path npy = SparkSnapshotBuildTest.writeSnapshots(tmp.resolve("snapshots.npy"), mus);
        Path params = tmp.resolve("params.csv");
        org.jrom.io.ParameterTable.write(params, mus);
        String[] build = {"build", "--snapshots", npy.toString(), "--params", params.toString(), "--pod-tol", "1e-10"};
        String[] onCluster = SparkSnapshotBuildTest.concat(
                build, "--spark", url, "--out", tmp.resolve("cli").toString());
        Process cli = start("cli", classpath, home, "org.jrom.cli.JromCommand", onCluster);
        assertThat(cli.waitFor(120, TimeUnit.SECONDS))
                .as("the build finished in 2 minutes")
                .isTrue();
        String log = Files.readString(tmp.resolve("cli.log"));
        assertThat(cli.exitValue()).as(log).isZero();
        assertThat(log).contains("on " + url).contains("HAPOD");
        assertThat(log.lines().filter(l -> l.startsWith("executor ")).count())
                .as("executors that ran tasks\n" + log)
                .isEqualTo(2);
        String[] here = SparkSnapshotBuildTest.concat(
                build, "--out", tmp.resolve("here").toString());
        assertThat(SparkSnapshotBuildTest.jrom(here).code()).isZero();
        SparkSnapshotBuildTest.assertSameSpan(tmp.resolve("here/model.jrom"), tmp.resolve("cli/model.jrom"), mus);
    }

    /**
     * {@code jrom simulate ... --spark spark://...} then {@code jrom build --mechanics ... --case ...
     * --spark spark://...} as driver processes: the executors (other JVMs) build the runs from their
     * recipes and write their folders, then replay them on their subdomains; the model has the
     * modes of the build without Spark and its rule the cubature's tolerance.
     */
    private void commandLineMechanicsBuild(String url, String classpath, Path home) throws Exception {
        Path runs = tmp.resolve("runs");
        Path example = Path.of("..", "examples", "mechanics", "bracket-rom", "case.json");
        Process simulate = start(
                "simulate",
                classpath,
                home,
                "org.jrom.cli.JromCommand",
                "simulate",
                example.toString(),
                "--param",
                "load=200,400",
                "--param",
                "heat=300",
                "--spark",
                url,
                "--out",
                runs.toString());
        assertThat(simulate.waitFor(120, TimeUnit.SECONDS))
                .as("the runs finished in 2 minutes")
                .isTrue();
        String simulated = Files.readString(tmp.resolve("simulate.log"));
        assertThat(simulate.exitValue()).as(simulated).isZero();
        assertThat(simulated).contains("2 runs on Apache Spark");
        assertThat(runs.resolve("run_001/snapshots/displacement.npy")).exists();
        String[] build = {
            "build",
            "--mechanics",
            runs.resolve("run_000").toString(),
            runs.resolve("run_001").toString(),
            "--case",
            example.toString()
        };
        Process cli = start(
                "mechanics",
                classpath,
                home,
                "org.jrom.cli.JromCommand",
                SparkSnapshotBuildTest.concat(
                        build, "--spark", url, "--out", tmp.resolve("mechanics").toString()));
        assertThat(cli.waitFor(120, TimeUnit.SECONDS))
                .as("the build finished in 2 minutes")
                .isTrue();
        String log = Files.readString(tmp.resolve("mechanics.log"));
        assertThat(cli.exitValue()).as(log).isZero();
        assertThat(log).contains("on " + url).contains("subdomains");
        assertThat(log.lines().filter(l -> l.strip().startsWith("executor ")).count())
                .as("executors that ran tasks\n" + log)
                .isEqualTo(2);
        SparkSnapshotBuildTest.Run here = SparkSnapshotBuildTest.jrom(SparkSnapshotBuildTest.concat(
                build, "--out", tmp.resolve("mechanics-here").toString()));
        assertThat(here.code()).as(here.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var a = json.readTree(tmp.resolve("mechanics-here/summary.json").toFile());
        var b = json.readTree(tmp.resolve("mechanics/summary.json").toFile());
        assertThat(b.get("basis_size").asInt()).isEqualTo(a.get("basis_size").asInt());
        assertThat(b.get("hyper_reduction").get("cubature_error").asDouble()).isLessThanOrEqualTo(1e-4);
    }

    /** The master, workers, driver and the executors the workers launched; waits for them. */
    private void stopAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private Process start(String name, String classpath, Path home, String main, String... args) throws IOException {
        String options = System.getProperty("jrom.spark.module.options", "").trim();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-Xss16m"));
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.add("-Djrom.spark.module.options=" + options);
        if (sparkJars != null) {
            command.add("-Djrom.spark.jars=" + sparkJars);
        }
        command.addAll(List.of("-cp", classpath, main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SPARK_")); // nothing from the caller's shell
        pb.environment().put("SPARK_HOME", home.toAbsolutePath().toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", tmp.toString());
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

    /**
     * The application for spark.jars: jrom's modules (class folders or jars of the test class
     * path: this module's classes and test classes, core, fem, io), which SPARK_HOME's jars leave out.
     */
    private Path applicationJar() throws IOException {
        Path jar = tmp.resolve("jrom-spark-app.jar");
        Set<String> written = new HashSet<>();
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : System.getProperty("surefire.test.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                String name = p.toAbsolutePath().toString();
                // jrom's modules, and the command line's libraries (a simulate job writes plots there)
                boolean jrom = Stream.of(
                                "jrom-core",
                                "jrom-fem",
                                "jrom-io",
                                "jrom-cli",
                                "jrom-spark",
                                "xchart",
                                "VectorGraphics2D",
                                "graphics2d",
                                "pdfbox",
                                "fontbox",
                                "progressbar",
                                "picocli")
                        .anyMatch(name::contains);
                if (!jrom || !Files.exists(p)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (Path f : files.filter(Files::isRegularFile).toList()) {
                            String n = p.relativize(f).toString().replace(File.separatorChar, '/');
                            if (written.add(n)) {
                                out.putNextEntry(new JarEntry(n));
                                Files.copy(f, out);
                                out.closeEntry();
                            }
                        }
                    }
                } else {
                    try (JarFile in = new JarFile(p.toFile())) {
                        for (JarEntry e : Collections.list(in.entries())) {
                            if (!e.isDirectory()
                                    && !e.getName().equals("META-INF/MANIFEST.MF")
                                    && written.add(e.getName())) {
                                out.putNextEntry(new JarEntry(e.getName()));
                                in.getInputStream(e).transferTo(out);
                                out.closeEntry();
                            }
                        }
                    }
                }
            }
        }
        return jar;
    }
}
