package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.VectorArray;
import org.jrom.models.CoercivityBound;
import org.jrom.parameters.Parameter;
import org.jrom.parameters.ParameterType;
import org.jrom.testing.HostileInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jrom-affine/1} manifest on a 1D two-subdomain diffusion problem {@code -(k u')' = 1}
 * whose matrices the test writes as an external solver would: the model it gives solves like a
 * dense solve of the same system, and every bad manifest or file gives an error naming the field
 * and the file.
 */
class AffineManifestTest {
    private static final int N = 40; // interior nodes of a uniform grid on (0, 1)

    @TempDir
    Path dir;

    private CsrMatrix a0;
    private CsrMatrix a1;
    private double[] f;

    @BeforeEach
    void writeProblem() throws IOException {
        a0 = stiffness(true);
        a1 = stiffness(false);
        f = new double[N];
        java.util.Arrays.fill(f, 1.0 / (N + 1));
        MatrixMarket.write(dir.resolve("A0.mtx"), a0);
        MatrixMarket.write(dir.resolve("A1.mtx"), a1);
        MatrixMarket.write(dir.resolve("X.mtx"), a0.plus(1, a1));
        MatrixMarket.writeVector(dir.resolve("F.mtx"), f);
        double[] point = new double[N];
        point[N / 4] = 1;
        MatrixMarket.writeVector(dir.resolve("L.mtx"), point);
        Npy.write(
                dir.resolve("train.npy"),
                Npy.Array.of(DenseMatrix.ofRows(new double[] {0.5, 2}, new double[] {1, 1}, new double[] {3, 0.2})));
    }

    /** P1 stiffness of the elements in the left (or right) half; Dirichlet nodes eliminated. */
    private static CsrMatrix stiffness(boolean left) {
        List<int[]> ij = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        double h = 1.0 / (N + 1);
        for (int e = 0; e <= N; e++) { // element e joins nodes e-1 and e (interior indices)
            if ((e < (N + 1) / 2) != left) {
                continue;
            }
            int[] nodes = {e - 1, e};
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    if (nodes[a] >= 0 && nodes[a] < N && nodes[b] >= 0 && nodes[b] < N) {
                        ij.add(new int[] {nodes[a], nodes[b]});
                        v.add((a == b ? 1 : -1) / h);
                    }
                }
            }
        }
        int[] r = ij.stream().mapToInt(p -> p[0]).toArray();
        int[] c = ij.stream().mapToInt(p -> p[1]).toArray();
        return CsrMatrix.fromTriplets(
                N, N, r, c, v.stream().mapToDouble(Double::doubleValue).toArray(), ij.size());
    }

    private Path manifest(String json) throws IOException {
        Path p = dir.resolve("manifest.json");
        Files.writeString(p, json);
        return p;
    }

    private static final String GOOD =
            """
            {
              "format": "jrom-affine/1",
              "parameters": {"k": {"size": 2, "min": 0.1, "max": [10, 5]}},
              "operator": [
                {"matrix": "A0.mtx", "coefficient": "k[0]"},
                {"matrix": "A1.mtx", "coefficient": "k[1]"}
              ],
              "rhs": [{"vector": "F.mtx", "coefficient": "1"}],
              "product": "X.mtx",
              "coercivity": {"lower_bound": "min(k[0], k[1])"},
              "outputs": [{"name": "compliance", "vector": "F.mtx"}, {"name": "point", "vector": "L.mtx",
                "method": "dual-norm"}],
              "training_set": "train.npy"
            }
            """;

    @Test
    void theModelSolvesLikeADenseSolveOfTheExportedSystem() throws IOException {
        AffineManifest m = AffineManifest.read(manifest(GOOD));
        ParameterType type = m.parameterSpace().type();
        assertThat(m.parameterSpace().upper()).containsExactly(10, 5);
        assertThat(m.model().dim()).isEqualTo(N);
        Parameter mu = Parameter.of(type, 0.3, 4.0);
        VectorArray u = m.model().solve(mu);
        double[] expected = a0.scale(0.3).plus(4.0, a1).toDense().lu().solve(f.clone());
        for (int i = 0; i < N; i++) {
            assertThat(u.get(i, 0)).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(m.outputs())
                .containsEntry("compliance", AffineManifest.OutputMethod.COMPLIANT)
                .containsEntry("point", AffineManifest.OutputMethod.DUAL_NORM);
        assertThat(m.trainingSet().orElseThrow()).hasSize(3);
        assertThat(m.trainingSet().orElseThrow().get(2).toArray()).containsExactly(3, 0.2);
        CoercivityBound bound = m.coercivityBound(List.of(), null);
        assertThat(bound.lowerBound(mu)).isEqualTo(0.3);
        assertThat(bound.kind()).isEqualTo("expression");
    }

    @Test
    void minThetaWithoutAProductCertifiesInTheEnergyProductAtTheReference() throws IOException {
        AffineManifest m = AffineManifest.read(manifest(GOOD.replace("\"product\": \"X.mtx\",", "")
                .replace(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"method\": \"min-theta\", \"reference\": {\"k\": [1, 1]}}")));
        // X = A(mu_ref) = A0 + A1, the same matrix the test wrote as X.mtx
        CsrMatrix x = (CsrMatrix) m.product().matrix();
        assertThat(x.toDense().data()).containsExactly(a0.plus(1, a1).toDense().data());
        Parameter mu = Parameter.of(m.parameterSpace().type(), 0.5, 2);
        assertThat(m.coercivityBound(List.of(), null).lowerBound(mu)).isEqualTo(0.5);
    }

    @Test
    void matrixMarketFilesWrittenByJromReadBackBitForBit() {
        CsrMatrix general = CsrMatrix.fromTriplets(
                3, 2, new int[] {0, 2, 1}, new int[] {1, 0, 1}, new double[] {Math.PI, -1e-300, 1.0 / 3}, 3);
        MatrixMarket.write(dir.resolve("g.mtx"), general);
        assertThat(MatrixMarket.readSparse(dir.resolve("g.mtx")).toDense().data())
                .containsExactly(general.toDense().data());
        assertThat(MatrixMarket.readSquare(dir.resolve("A0.mtx")).toDense().data())
                .containsExactly(a0.toDense().data());
        assertThat(MatrixMarket.readVector(dir.resolve("F.mtx"))).containsExactly(f);
        assertThatThrownBy(() -> MatrixMarket.writeVector(dir.resolve("bad.mtx"), new double[] {1, Double.NaN}))
                .hasMessageContaining("entry 2 is NaN");
        assertThat(dir.resolve("bad.mtx")).doesNotExist();
    }

    @Test
    void anExpressionWithAnUnknownParameterNamesTheField() throws IOException {
        Path p = manifest(GOOD.replace("\"k[1]\"", "\"exp(-q) * k[1]\""));
        assertThatThrownBy(() -> AffineManifest.read(p))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("manifest.json: operator[1].coefficient")
                .hasMessageContaining("q");
        Path q = manifest(GOOD.replace("\"k[1]\"", "\"k[2]\""));
        assertThatThrownBy(() -> AffineManifest.read(q)).hasMessageContaining("operator[1].coefficient");
    }

    @Test
    void matricesOfDifferentSizesNameBothFiles() throws IOException {
        MatrixMarket.write(dir.resolve("A1.mtx"), CsrMatrix.identity(N - 1));
        assertThatThrownBy(() -> AffineManifest.read(manifest(GOOD)))
                .hasMessageContaining("operator[1].matrix")
                .hasMessageContaining("A1.mtx is 39 x 39")
                .hasMessageContaining("operator[0].matrix (A0.mtx) has 40 unknowns");
        MatrixMarket.writeVector(dir.resolve("F.mtx"), new double[N + 1]);
        MatrixMarket.write(dir.resolve("A1.mtx"), a1);
        assertThatThrownBy(() -> AffineManifest.read(manifest(GOOD)))
                .hasMessageContaining("rhs[0].vector")
                .hasMessageContaining("a vector of length 41");
    }

    @Test
    void aNonSquareOperatorIsRefusedAndANonSymmetricOneKept() throws IOException {
        Files.writeString(dir.resolve("A1.mtx"), "%%MatrixMarket matrix coordinate real general\n40 39 1\n1 1 1\n");
        assertThatThrownBy(() -> AffineManifest.read(manifest(GOOD)))
                .hasMessageContaining("A1.mtx:2")
                .hasMessageContaining("square");
        MatrixMarket.write(
                dir.resolve("A1.mtx"),
                a1.plus(1, CsrMatrix.fromTriplets(N, N, new int[] {0}, new int[] {1}, new double[] {0.5}, 1)));
        AffineManifest m = AffineManifest.read(manifest(GOOD));
        assertThat(m.nonSymmetricTerms()).containsExactly(1);
        // its output that is the right-hand side is no longer compliant (that needs A = A^T)
        assertThat(m.outputs()).containsEntry("compliance", AffineManifest.OutputMethod.DUAL_NORM);
    }

    @Test
    void aSymmetricFileWithAnEntryAboveTheDiagonalNamesItsLine() throws IOException {
        Files.writeString(
                dir.resolve("A1.mtx"),
                "%%MatrixMarket matrix coordinate real symmetric\n% exported\n40 40 2\n1 1 2.0\n1 2 -1.0\n");
        assertThatThrownBy(() -> AffineManifest.read(manifest(GOOD))).hasMessageContaining("A1.mtx:5");
    }

    @Test
    void nonFiniteEntriesNameTheFileAndLine() throws IOException {
        StringBuilder sb = new StringBuilder("%%MatrixMarket matrix array real general\n40 1\n");
        for (int i = 0; i < N; i++) {
            sb.append(i == 7 ? "nan" : "0.025").append('\n');
        }
        Files.writeString(dir.resolve("F.mtx"), sb);
        assertThatThrownBy(() -> AffineManifest.read(manifest(GOOD)))
                .hasMessageContaining("F.mtx:10")
                .hasMessageContaining("NaN");
    }

    @Test
    void manifestMistakesNameTheField() throws IOException {
        record Case(String from, String to, String message) {}
        List<Case> cases = List.of(
                new Case("\"jrom-affine/1\"", "\"jrom-model/1.1\"", "format: not a jrom affine manifest"),
                new Case("\"training_set\"", "\"training\"", "training: unknown field"),
                new Case("\"A1.mtx\"", "\"missing.mtx\"", "operator[1].matrix: no such file"),
                new Case("\"product\": \"X.mtx\",", "", "product: missing"),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"method\": \"min-theta\", \"reference\": {\"k\": [1, 1]}}",
                        "coercivity.alpha: missing"),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"method\": \"min-theta\", \"reference\": {\"kk\": [1, 1]}}",
                        "coercivity.reference"),
                new Case("{\"lower_bound\": \"min(k[0], k[1])\"}", "{\"method\": \"guess\"}", "unknown method 'guess'"),
                new Case("\"name\": \"point\"", "\"name\": \"compliance\"", "output 'compliance' appears twice"),
                new Case("\"method\": \"dual-norm\"", "\"method\": \"compliant\"", "outputs[1].method"),
                new Case("\"max\": [10, 5]", "\"max\": [10]", "parameters.k.max: expected a number or a list of 2"),
                new Case("\"min\": 0.1", "\"min\": 20", "parameters: range of k[0]"),
                new Case(
                        "\"coefficient\": \"k[0]\"",
                        "\"coefficient\": \"k[0]\", \"coefficient\": \"1\"",
                        "manifest.json:"),
                new Case("\"rhs\": [", "\"rhs\": [}", "malformed JSON"));
        for (Case c : cases) {
            assertThat(GOOD).contains(c.from);
            Path p = manifest(GOOD.replace(c.from, c.to));
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> AffineManifest.read(p));
            assertThat(t).as("no error for " + c.to).isNotNull();
            assertThatThrownBy(() -> AffineManifest.read(p))
                    .as(c.to)
                    .isInstanceOf(org.jrom.JromException.class)
                    .hasMessageContaining(c.message);
        }
        Path v2 = manifest(GOOD.replace("jrom-affine/1", "jrom-affine/2"));
        assertThatThrownBy(() -> AffineManifest.read(v2))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("jrom-affine/2");
    }

    @Test
    void aFileNamedAsAMatrixAndAsAVectorNamesBothUses() throws IOException {
        // the files read once were cached by path alone: the matrix came back where a vector was
        // expected, a ClassCastException instead of a message
        Path rhs = manifest(GOOD.replace(
                "{\"vector\": \"F.mtx\", \"coefficient\": \"1\"}", "{\"vector\": \"A0.mtx\", \"coefficient\": \"1\"}"));
        assertThatThrownBy(() -> AffineManifest.read(rhs))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("manifest.json: rhs[0].vector: A0.mtx is named here as a vector and by"
                        + " operator[0].matrix as a matrix");
        Path output = manifest(GOOD.replace("\"vector\": \"L.mtx\"", "\"vector\": \"A1.mtx\""));
        assertThatThrownBy(() -> AffineManifest.read(output))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("outputs[1].vector: A1.mtx is named here as a vector and by operator[1].matrix");
    }

    @Test
    void unknownOrUnusedFieldsInsideEntriesAreRefusedNamingTheEntry() throws IOException {
        record Case(String from, String to, String message) {}
        List<Case> cases = List.of(
                new Case(
                        "\"coefficient\": \"k[1]\"",
                        "\"coeficient\": \"k[1]\"",
                        "operator[1].coeficient: unknown field; known: matrix, coefficient"),
                new Case(
                        "\"coefficient\": \"1\"",
                        "\"coefficient\": \"1\", \"scale\": 2",
                        "rhs[0].scale: unknown field"),
                new Case("\"method\": \"dual-norm\"", "\"methd\": \"dual-norm\"", "outputs[1].methd: unknown field"),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"lower_bond\": \"min(k[0], k[1])\"}",
                        "coercivity.lower_bond: unknown field"),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"lower_bound\": \"min(k[0], k[1])\", \"method\": \"scm\"}",
                        "coercivity: give either \"lower_bound\""),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"lower_bound\": \"min(k[0], k[1])\", \"tolerance\": 0.1}",
                        "coercivity.tolerance: not used with a given lower_bound"),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"method\": \"min-theta\", \"reference\": {\"k\": [1, 1]}, \"alpha\": 1, \"max_points\": 5}",
                        "coercivity.max_points: not used with method min-theta"),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"method\": \"scm\", \"max_points\": 2.7}",
                        "coercivity.max_points: expected a positive whole number, found 2.7"),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"method\": \"scm\", \"max_points\": \"50\"}",
                        "coercivity.max_points: expected a positive whole number"),
                new Case(
                        "{\"lower_bound\": \"min(k[0], k[1])\"}",
                        "{\"method\": \"scm\", \"max_points\": 0}",
                        "coercivity.max_points: expected a positive whole number, found 0"));
        for (Case c : cases) {
            assertThat(GOOD).contains(c.from);
            Path p = manifest(GOOD.replace(c.from, c.to));
            assertThatThrownBy(() -> AffineManifest.read(p))
                    .as(c.to)
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageStartingWith(p + ": ")
                    .hasMessageContaining(c.message);
        }
        Path scm = manifest(
                GOOD.replace("{\"lower_bound\": \"min(k[0], k[1])\"}", "{\"method\": \"scm\", \"max_points\": 7}"));
        AffineManifest.Coercivity.Scm read =
                (AffineManifest.Coercivity.Scm) AffineManifest.read(scm).coercivity();
        assertThat(read.options().maxPoints()).isEqualTo(7);
    }

    @Test
    void outputsKeepTheManifestsOrder() throws IOException {
        // Map.copyOf iterates in a per-JVM random order; the first output is the one jrom build samples
        List<String> names = List.of("z_last", "point", "compliance", "a_first", "m_middle");
        StringBuilder outs = new StringBuilder();
        for (String name : names) {
            outs.append(outs.length() == 0 ? "" : ", ")
                    .append("{\"name\": \"")
                    .append(name)
                    .append("\", \"vector\": \"L.mtx\"}");
        }
        String json = GOOD.replaceAll("\"outputs\": \\[[^]]*\\]", "\"outputs\": [" + outs + "]");
        assertThat(json).contains("m_middle");
        AffineManifest m = AffineManifest.read(manifest(json));
        assertThat(m.outputs().keySet()).containsExactlyElementsOf(names);
        assertThat(m.model().outputs().keySet()).containsExactlyElementsOf(names);
    }

    @Test
    void anOutputNameThatCannotBeAFileNameIsRefusedBeforeAnyFileIsWritten() throws IOException {
        AffineManifest m = AffineManifest.read(manifest(GOOD));
        for (String bad : List.of("../escape", "a b", "u(1/4)", "mean-value")) {
            org.jrom.models.StationaryModel.Builder b = org.jrom.models.StationaryModel.builder(
                    m.parameterSpace(), m.model().operator(), m.model().rhs());
            b.output(bad, m.model().outputs().get("point"));
            org.jrom.models.StationaryModel model = b.build();
            Path out = dir.resolve("export-" + Math.abs(bad.hashCode()));
            Files.createDirectories(out);
            assertThatThrownBy(() -> AffineManifest.write(
                            out, model, m.product(), m.coercivity(), java.util.Map.of(), null, null))
                    .as(bad)
                    .isInstanceOf(org.jrom.JromException.class)
                    .hasMessageContaining("output '" + bad + "'")
                    .hasMessageContaining("letters, digits and _");
            try (var files = Files.list(out)) {
                assertThat(files).as("nothing written for " + bad).isEmpty();
            }
        }
    }

    @Test
    void aTrainingSetOfTheWrongShapeOrOutsideTheSpaceIsRefused() throws IOException {
        Npy.write(dir.resolve("train.npy"), Npy.Array.of(DenseMatrix.ofRows(new double[] {1, 1, 1})));
        assertThatThrownBy(() -> AffineManifest.read(manifest(GOOD)))
                .hasMessageContaining("train.npy")
                .hasMessageContaining("shape (K, 2)");
        Npy.write(dir.resolve("train.npy"), Npy.Array.of(DenseMatrix.ofRows(new double[] {1, 1}, new double[] {1, 7})));
        assertThatThrownBy(() -> AffineManifest.read(manifest(GOOD))).hasMessageContaining("train.npy: row 1");
    }

    // ---------------------------------------------------------------- hostile manifests

    @Test
    void pathsOutsideTheManifestsFolderAreRefusedUnlessAllowed() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path inSub = sub.resolve("manifest.json");
        Files.writeString(
                inSub,
                GOOD.replace("\"A1.mtx\"", "\"../A1.mtx\"")
                        .replace("\"A0.mtx\"", "\"../A0.mtx\"")
                        .replace("F.mtx", "../F.mtx")
                        .replace("\"L.mtx\"", "\"../L.mtx\"")
                        .replace("X.mtx", "../X.mtx")
                        .replace("train.npy", "../train.npy"));
        assertThatThrownBy(() -> AffineManifest.read(inSub))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(inSub + ": operator[0].matrix: '../A0.mtx' resolves outside the manifest's folder "
                        + sub.toRealPath() + " (give --allow-outside-paths to allow it)");
        assertThat(AffineManifest.read(inSub, true).model().dim()).isEqualTo(N);

        // a symbolic link inside the folder is followed to where it points
        Files.createSymbolicLink(sub.resolve("A0.mtx"), dir.resolve("A0.mtx"));
        Path linked = Files.writeString(
                sub.resolve("linked.json"), Files.readString(inSub).replace("../A0.mtx", "A0.mtx"));
        assertThatThrownBy(() -> AffineManifest.read(linked))
                .hasMessage(linked + ": operator[0].matrix: 'A0.mtx' resolves outside the manifest's folder "
                        + sub.toRealPath() + " (give --allow-outside-paths to allow it)");
        // every path field is checked: the training set, as the last one read
        Path last = manifest(GOOD.replace("train.npy", "/etc/passwd"));
        assertThatThrownBy(() -> AffineManifest.read(last))
                .hasMessageStartingWith(last + ": training_set: '/etc/passwd'" + " resolves outside");
    }

    @Test
    void theContentOfANamedFileIsNeverQuoted() throws IOException {
        Files.writeString(dir.resolve("A1.mtx"), "root:*:SECRET:0:99999:7:::\n");
        Path m = manifest(GOOD);
        assertThatThrownBy(() -> AffineManifest.read(m))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(dir.resolve("A1.mtx") + ":1: not a Matrix Market file: expected the banner '%%MatrixMarket"
                        + " matrix coordinate|array real|integer|pattern general|symmetric|skew-symmetric', found other content at"
                        + " byte 0");
        Files.writeString(dir.resolve("train.npy"), "SECRET");
        MatrixMarket.write(dir.resolve("A1.mtx"), a1);
        assertThatThrownBy(() -> AffineManifest.read(m)).hasMessageNotContaining("SECRET");
    }

    @Test
    void parameterSizesBeyondTheBoundAreRefusedBeforeAllocating() throws IOException {
        Path m = manifest(GOOD.replace("\"size\": 2", "\"size\": 2147483647"));
        assertThatThrownBy(() -> AffineManifest.read(m))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(m + ": parameters.k.size: expected at most 10000 parameter components in all parameters"
                        + " together, found 2147483647");
        assertThat(HostileInput.allocatedBy(() -> AffineManifest.read(m))).isLessThan(64L << 20);
    }
}
