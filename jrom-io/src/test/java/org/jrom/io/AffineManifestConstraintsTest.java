package org.jrom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The constrained dofs of an exported operator, on a system small enough to write out: the 1D
 * Laplacian on 5 nodes with u = 0 at both ends, the end rows cleared and given a unit diagonal, the
 * columns kept (not symmetric as exported). The model is the 3 interior dofs' block, and a field's
 * unknowns go back to their nodes, the ends staying 0.
 */
class AffineManifestConstraintsTest {
    @TempDir
    Path dir;

    private Path write(String extra) throws Exception {
        DenseMatrix a = DenseMatrix.zeros(5, 5);
        for (int i = 1; i < 4; i++) { // interior rows: -1 2 -1, the ends' columns kept
            a.set(i, i - 1, -1);
            a.set(i, i, 2);
            a.set(i, i + 1, -1);
        }
        a.set(0, 0, 1);
        a.set(4, 4, 1);
        MatrixMarket.write(dir.resolve("A.mtx"), CsrMatrix.fromDense(a));
        MatrixMarket.writeVector(dir.resolve("F.mtx"), new double[] {0, 1, 1, 1, 0});
        Files.writeString(dir.resolve("line.vtu"), "not read by the manifest");
        Files.writeString(
                dir.resolve("manifest.json"),
                """
                {"format": "jrom-affine/1", %s
                 "parameters": {"k": {"min": 1, "max": 2}},
                 "operator": [{"matrix": "A.mtx", "coefficient": "k"}],
                 "rhs": [{"vector": "F.mtx", "coefficient": "1"}],
                 "coercivity": {"method": "min-theta", "reference": {"k": 1}, "alpha": 1},
                 "mesh": {"file": "line.vtu"}}
                """
                        .formatted(extra));
        return dir.resolve("manifest.json");
    }

    @Test
    void theEndsAreFoundAndEliminatedAndTheFieldKeepsItsNodes() throws Exception {
        AffineManifest m = AffineManifest.read(write(""));
        assertThat(m.model().dim()).isEqualTo(3);
        AffineManifest.Constraints c = m.constraints().orElseThrow();
        assertThat(c.dofs()).containsExactly(0, 4);
        assertThat(c.unknowns()).isEqualTo(5);
        assertThat(c.how()).contains("found").contains("the columns kept").contains("the diagonal in every term");
        assertThat(m.mesh().orElseThrow().dofs()).containsExactly(1, 2, 3);
        // the same dofs given: the same model
        AffineManifest given = AffineManifest.read(write("\"constrained_dofs\": [4, 0],"));
        assertThat(given.model().dim()).isEqualTo(3);
        assertThat(given.constraints().orElseThrow().how()).contains("given by constrained_dofs");
        // an interior dof listed: its row is an equation, not a constraint
        assertThatThrownBy(() -> AffineManifest.read(write("\"constrained_dofs\": [0, 2, 4],")))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("dof 2's row is not an identity row");
        assertThatThrownBy(() -> AffineManifest.read(write("\"constrained_dofs\": [],")))
                .hasMessageContaining("expected a non-empty list");
    }

    @Test
    void nonZeroValuesAreLiftedWhereTheirDiagonalDoesNotDependOnTheParameters() throws Exception {
        // pyMOR's convention: the operator's end rows cleared, the unit diagonal in a constant term
        DenseMatrix a = DenseMatrix.zeros(5, 5);
        for (int i = 1; i < 4; i++) {
            a.set(i, i - 1, -1);
            a.set(i, i, 2);
            a.set(i, i + 1, -1);
        }
        DenseMatrix unit = DenseMatrix.zeros(5, 5);
        unit.set(0, 0, 1);
        unit.set(4, 4, 1);
        MatrixMarket.write(dir.resolve("A.mtx"), CsrMatrix.fromDense(a));
        MatrixMarket.write(dir.resolve("D.mtx"), CsrMatrix.fromDense(unit));
        MatrixMarket.writeVector(dir.resolve("G.mtx"), new double[] {1, 0, 0, 0, 3}); // u(0) = 1, u(4) = 3
        Files.writeString(
                dir.resolve("manifest.json"),
                """
                {"format": "jrom-affine/1",
                 "parameters": {"k": {"min": 1, "max": 2}},
                 "operator": [{"matrix": "A.mtx", "coefficient": "k"}, {"matrix": "D.mtx", "coefficient": 1}],
                 "rhs": [{"vector": "G.mtx", "coefficient": "1"}],
                 "coercivity": {"method": "min-theta", "reference": {"k": 1}, "alpha": 1}}
                """);
        AffineManifest m = AffineManifest.read(dir.resolve("manifest.json"));
        assertThat(m.constraints().orElseThrow().how()).contains("lifted");
        // -u'' = 0 between the values: the interior is the straight line 1.5, 2, 2.5, whatever k
        for (double k : new double[] {1, 1.7}) {
            double[] u = m.model()
                    .solve(org.jrom.parameters.Parameter.of(m.parameterSpace().type(), k))
                    .vector(0);
            assertThat(u).containsExactly(new double[] {1.5, 2, 2.5}, org.assertj.core.data.Offset.offset(1e-14));
        }
        // with the diagonal in the parameter-dependent term, the values would be f / k: refused
        Files.writeString(
                dir.resolve("manifest.json"),
                Files.readString(dir.resolve("manifest.json"))
                        .replace("\"coefficient\": 1}", "\"coefficient\": \"k\"}"));
        assertThatThrownBy(() -> AffineManifest.read(dir.resolve("manifest.json")))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("operator[1].coefficient")
                .hasMessageContaining("depends on the parameters");
    }

    @Test
    void anAsymmetryThatIsNotTheConstrainedRowsIsKeptAsANonSymmetricOperator() throws Exception {
        Path manifest = write("");
        CsrMatrix exported = MatrixMarket.readSquare(dir.resolve("A.mtx"));
        DenseMatrix a = exported.toDense();
        a.set(2, 1, -1.5); // a convection-like interior coupling: not symmetric on the free dofs
        MatrixMarket.write(dir.resolve("A.mtx"), CsrMatrix.fromDense(a));
        AffineManifest m = AffineManifest.read(manifest);
        assertThat(m.constraints().orElseThrow().dofs()).hasSize(2);
        assertThat(m.model().dim()).isEqualTo(3);
        assertThat(m.nonSymmetricTerms()).containsExactly(0);
    }
}
