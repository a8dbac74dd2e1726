package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.io.Npy;
import org.jrom.io.Npz;
import org.jrom.linalg.DenseMatrix;
import org.jrom.parameters.Numbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The answers of jrom's five reductions (three demos, {@code build --from}, {@code build --snapshots})
 * stay those of commit a38086f: the reduced basis and {@code jrom batch} at fixed parameters,
 * against the references in {@code golden/} written by {@code golden/make_golden.sh} with that
 * commit's jar.
 *
 * <p>Outputs and a regression model's error estimates agree to 1e-10 relative; a certified bound
 * may rise (a round-off floor) but not fall; the basis spans the same space. The tolerances of the
 * last two are per case, ten times the spread measured between BLAS kernels: the references rerun
 * with {@code JAVA_OPTS=-Djrom.blas=java} (netlib's Java port) and with {@code
 * OPENBLAS_CORETYPE=Sandybridge} (other OpenBLAS kernels) moved the bases by up to sin 7.8e-6 (el)
 * and lowered bounds by up to 2.8e-3 relative (tb, bounds near round-off), while outputs moved by at
 * most 2.2e-11 and estimates by 1.5e-11. A bound or basis near round-off follows the rounding of
 * every solve, so 1e-10 on a bound or 1e-8 on a basis would fail on another BLAS.
 */
class GoldenAnswersTest {
    /** Relative tolerance on outputs and on a regression model's error estimates. */
    static final double OUTPUT_TOLERANCE = 1e-10;

    /** Below this fraction of its column's largest magnitude an output is compared absolutely. */
    static final double OUTPUT_FLOOR = 1e-14;

    @TempDir
    static Path tmp;

    /**
     * One reduction: the command after {@code jrom} (without {@code --out}), its query table, and the
     * largest allowed sine between the bases and relative lowering of a certified bound.
     */
    record Reduction(String name, List<String> command, Path queries, double basisSine, double boundLowering) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Path golden() {
        try {
            return Path.of(GoldenAnswersTest.class.getResource("golden").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The runs of make_golden.sh; measured cross-BLAS spreads (sin, lowering) in the comments. */
    static Stream<Reduction> reductions() {
        Path in = golden().resolve("tb-export");
        List<String> common =
                List.of("--training", "100", "--test", "10", "--uq-samples", "200", "--threads", "2", "--seed", "3");
        return Stream.of(
                // 1.7e-7, 2.8e-3
                new Reduction(
                        "tb",
                        concat(
                                List.of(
                                        "demo",
                                        "thermal-block",
                                        "--blocks",
                                        "2x2",
                                        "--resolution",
                                        "6",
                                        "--tol",
                                        "1e-10"),
                                common),
                        in.resolve("queries.csv"),
                        2e-6,
                        5e-2),
                // 1.3e-8, 9.3e-5
                new Reduction(
                        "fin",
                        concat(List.of("demo", "thermal-fin", "--resolution", "4"), common),
                        golden().resolve("fin-queries.csv"),
                        2e-7,
                        1e-3),
                // 7.8e-6, 7.7e-7
                new Reduction(
                        "el",
                        concat(List.of("demo", "elasticity", "--blocks", "2", "--resolution", "4"), common),
                        golden().resolve("el-queries.csv"),
                        1e-4,
                        1e-5),
                // 6.8e-8, 1.7e-3
                new Reduction(
                        "from",
                        List.of(
                                "build",
                                "--from",
                                in.resolve("manifest.json").toString(),
                                "--tol",
                                "1e-10",
                                "--test",
                                "10",
                                "--uq-samples",
                                "200",
                                "--threads",
                                "2",
                                "--seed",
                                "3"),
                        in.resolve("queries.csv"),
                        1e-6,
                        2e-2),
                // 3.5e-11, no certified bound
                new Reduction(
                        "snap",
                        List.of(
                                "build",
                                "--snapshots",
                                in.resolve("snapshots.npy").toString(),
                                "--params",
                                in.resolve("snapshot-params.csv").toString(),
                                "--threads",
                                "2"),
                        in.resolve("queries.csv"),
                        1e-8,
                        0));
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductions")
    void basisAndBatchAnswersStayThoseOfA38086f(Reduction r) throws IOException {
        Path out = tmp.resolve(r.name());
        Run build = JromCommandTest.run(
                concat(r.command(), List.of("--out", out.toString())).toArray(String[]::new));
        assertThat(build.code()).as(build.err()).isZero();
        Path model = out.resolve("model.jrom");

        DenseMatrix basis = Npz.read(model).get("basis").matrix();
        DenseMatrix reference =
                Npy.read(golden().resolve(r.name() + "-basis.npy")).matrix();
        assertThat(basis.rows()).as("%s: full dimension", r).isEqualTo(reference.rows());
        assertThat(basis.cols()).as("%s: basis size", r).isEqualTo(reference.cols());
        assertThat(SubspaceAngle.largestSine(basis, reference))
                .as("%s: sin of the largest principal angle to the reference basis", r)
                .isLessThan(r.basisSine());

        Path answers = tmp.resolve(r.name() + "-batch.csv");
        Run batch = JromCommandTest.run(
                "batch",
                model.toString(),
                "--params",
                r.queries().toString(),
                "--allow-extrapolation",
                "--out",
                answers.toString());
        assertThat(batch.code()).as(batch.err()).isZero();
        compareAnswers(r, BatchTable.read(golden().resolve(r.name() + "-batch.csv")), BatchTable.read(answers));
    }

    static void compareAnswers(Reduction r, BatchTable reference, BatchTable found) {
        assertThat(found.columns()).as("%s: columns", r).isEqualTo(reference.columns());
        assertThat(found.rows()).as("%s: rows", r).isEqualTo(reference.rows());
        List<String> parameters = BatchTable.header(r.queries());
        for (int c = 0; c < reference.columns().size(); c++) {
            String column = reference.columns().get(c);
            double[] ref = reference.column(c);
            double[] now = found.column(c);
            double scale = Arrays.stream(ref).map(Math::abs).max().orElse(0);
            for (int k = 0; k < ref.length; k++) {
                String where = r + ", " + column + ", row " + (k + 1);
                switch (AnswerKind.of(column, parameters)) {
                    case PARAMETER -> assertThat(now[k]).as(where).isEqualTo(ref[k]);
                    case BOUND ->
                        assertThat(now[k])
                                .as(where + ": a certified bound may rise, never fall")
                                .isGreaterThanOrEqualTo(ref[k] * (1 - r.boundLowering()));
                    case OUTPUT, ESTIMATE ->
                        assertThat(now[k])
                                .as(where)
                                .isCloseTo(
                                        ref[k],
                                        within(OUTPUT_TOLERANCE * Math.max(Math.abs(ref[k]), OUTPUT_FLOOR * scale)));
                }
            }
        }
    }

    /** What a column of {@code jrom batch} holds, by the names batch gives them. */
    enum AnswerKind {
        PARAMETER,
        OUTPUT,
        BOUND,
        ESTIMATE;

        static AnswerKind of(String column, List<String> parameters) {
            if (parameters.contains(column)) {
                return PARAMETER;
            }
            if (column.endsWith("error_estimate")) {
                return ESTIMATE;
            }
            return column.endsWith("_bound") || column.equals("error_bound") ? BOUND : OUTPUT;
        }
    }

    /** A {@code jrom batch} result: named columns of numbers. */
    record BatchTable(List<String> columns, List<double[]> values) {
        static List<String> header(Path csv) {
            try (Stream<String> lines = Files.lines(csv)) {
                return List.of(lines.findFirst().orElseThrow().split(","));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static BatchTable read(Path csv) throws IOException {
            List<String> lines = Files.readAllLines(csv);
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                rows.add(Arrays.stream(line.split(","))
                        .mapToDouble(Numbers::parse)
                        .toArray());
            }
            return new BatchTable(List.of(lines.get(0).split(",")), rows);
        }

        int rows() {
            return values.size();
        }

        double[] column(int c) {
            return values.stream().mapToDouble(row -> row[c]).toArray();
        }
    }

    @Test
    void largestSineIsThatOfTwoPlanesAtAKnownAngle() {
        // span{e1, e2} and span{e1, cos t e2 + sin t e3}: principal angles 0 and t, each plane given
        // by a non-orthonormal basis so that the orthonormalization is exercised.
        for (double t : new double[] {1e-9, 1e-6, 0.3, Math.PI / 2}) {
            DenseMatrix a = DenseMatrix.ofRows(new double[] {1, 1}, new double[] {0, 2}, new double[] {0, 0});
            DenseMatrix b = DenseMatrix.ofRows(
                    new double[] {3, 3}, new double[] {0, Math.cos(t)}, new double[] {0, Math.sin(t)});
            assertThat(SubspaceAngle.largestSine(a, b))
                    .as("t = %s", t)
                    .isCloseTo(Math.sin(t), within(1e-15 + 1e-12 * t));
            assertThat(SubspaceAngle.largestSine(a, a)).isLessThan(1e-15);
        }
    }
}
