package org.jrom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jrom.cli.JromCommandTest.Run;
import org.jrom.fem.Mesh;
import org.jrom.fem.StructuredMesh;
import org.jrom.fem.io.VtuReader;
import org.jrom.fem.io.VtuWriter;
import org.jrom.io.MatrixMarket;
import org.jrom.io.ModelFile;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.LuDecomposition;
import org.jrom.models.OnlineModel;
import org.jrom.models.OnlineSolution;
import org.jrom.parameters.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrom build --from} on operators exported as solvers write their Dirichlet rows: pyMOR's
 * {@code discretize_stationary_cg} (the rows of the Dirichlet dofs cleared in every term, the columns
 * kept, a unit diagonal in a separate constant term) and legacy FEniCS's {@code bc.apply} (rows
 * cleared, a unit diagonal in every term, columns kept). The thermal block (P1 on the unit square,
 * u = 0 on the whole boundary, f = 1) is assembled here in the solver's full numbering; the model
 * built from it answers the compliance of the full, non-symmetric system, solved by LU, to 1e-10
 * relative and inside its own bound.
 */
class ConstrainedDofsTest {
    @TempDir
    Path tmp;

    private static final int CELLS = 12; // per side: 169 nodes, 48 on the boundary

    /** The two conventions. */
    private enum Convention {
        PYMOR,
        FENICS
    }

    /** The full-numbering terms (the last, for pyMOR, the constant unit diagonal), the load, the boundary. */
    private record Exported(List<CsrMatrix> terms, double[] load, boolean[] boundary) {}

    private static Exported thermalBlock(int blocks, Convention convention) {
        int side = CELLS + 1;
        int n = side * side;
        boolean[] boundary = new boolean[n];
        for (int j = 0; j < side; j++) {
            for (int i = 0; i < side; i++) {
                boundary[j * side + i] = i == 0 || j == 0 || i == CELLS || j == CELLS;
            }
        }
        int q = blocks * blocks;
        List<List<double[]>> triplets = new ArrayList<>(); // (row, col, value) per term
        for (int k = 0; k < q; k++) {
            triplets.add(new ArrayList<>());
        }
        double[] load = new double[n];
        double h = 1.0 / CELLS;
        for (int j = 0; j < CELLS; j++) {
            for (int i = 0; i < CELLS; i++) {
                int block = (int) ((j + 0.5) * h * blocks) * blocks + (int) ((i + 0.5) * h * blocks);
                int a = j * side + i;
                int[][] triangles = {{a, a + 1, a + side + 1}, {a, a + side + 1, a + side}};
                for (int[] t : triangles) {
                    double[][] x = new double[3][];
                    for (int v = 0; v < 3; v++) {
                        x[v] = new double[] {(t[v] % side) * h, (t[v] / side) * h};
                    }
                    double det = (x[1][0] - x[0][0]) * (x[2][1] - x[0][1]) - (x[2][0] - x[0][0]) * (x[1][1] - x[0][1]);
                    double area = Math.abs(det) / 2;
                    double[][] g = new double[3][2]; // gradients of the barycentric coordinates
                    for (int v = 0; v < 3; v++) {
                        double[] p = x[(v + 1) % 3];
                        double[] r = x[(v + 2) % 3];
                        g[v][0] = (p[1] - r[1]) / det;
                        g[v][1] = (r[0] - p[0]) / det;
                    }
                    for (int v = 0; v < 3; v++) {
                        load[t[v]] += area / 3;
                        for (int w = 0; w < 3; w++) {
                            double kvw = area * (g[v][0] * g[w][0] + g[v][1] * g[w][1]);
                            triplets.get(block).add(new double[] {t[v], t[w], kvw});
                        }
                    }
                }
            }
        }
        List<CsrMatrix> terms = new ArrayList<>();
        for (List<double[]> term : triplets) {
            List<double[]> kept = new ArrayList<>();
            for (double[] e : term) {
                if (!boundary[(int) e[0]]) {
                    kept.add(e); // the rows of the Dirichlet dofs cleared, their columns kept
                }
            }
            if (convention == Convention.FENICS) {
                for (int r = 0; r < n; r++) {
                    if (boundary[r]) {
                        kept.add(new double[] {r, r, 1});
                    }
                }
            }
            terms.add(csr(n, kept));
        }
        if (convention == Convention.PYMOR) {
            List<double[]> unit = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                if (boundary[r]) {
                    unit.add(new double[] {r, r, 1});
                }
            }
            terms.add(csr(n, unit));
        }
        for (int r = 0; r < n; r++) {
            if (boundary[r]) {
                load[r] = 0; // the Dirichlet value 0 in the right-hand side
            }
        }
        return new Exported(terms, load, boundary);
    }

    private static CsrMatrix csr(int n, List<double[]> entries) {
        int[] r = new int[entries.size()];
        int[] c = new int[entries.size()];
        double[] v = new double[entries.size()];
        for (int k = 0; k < v.length; k++) {
            r[k] = (int) entries.get(k)[0];
            c[k] = (int) entries.get(k)[1];
            v[k] = entries.get(k)[2];
        }
        return CsrMatrix.fromTriplets(n, n, r, c, v, v.length);
    }

    private Path writeManifest(Exported e, int blocks, Convention convention) throws Exception {
        return writeManifest(e, blocks, convention, "{\"name\": \"compliance\", \"vector\": \"F.mtx\"}");
    }

    private Path writeManifest(Exported e, int blocks, Convention convention, String outputs) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(convention + "-" + blocks));
        StringBuilder ops = new StringBuilder();
        for (int k = 0; k < e.terms().size(); k++) {
            MatrixMarket.write(dir.resolve("A" + k + ".mtx"), e.terms().get(k));
            String theta = k < blocks * blocks ? "diffusion[" + k + "]" : "1";
            ops.append(k == 0 ? "" : ", ")
                    .append("{\"matrix\": \"A")
                    .append(k)
                    .append(".mtx\", \"coefficient\": \"")
                    .append(theta)
                    .append("\"}");
        }
        MatrixMarket.writeVector(dir.resolve("F.mtx"), e.load());
        String ones = "[" + String.join(", ", java.util.Collections.nCopies(blocks * blocks, "1")) + "]";
        Files.writeString(
                dir.resolve("manifest.json"),
                """
                {"format": "jrom-affine/1",
                 "parameters": {"diffusion": {"size": %d, "min": 0.1, "max": 1}},
                 "operator": [%s],
                 "rhs": [{"vector": "F.mtx", "coefficient": "1"}],
                 "coercivity": {"method": "min-theta", "reference": {"diffusion": %s}, "alpha": 1},
                 "outputs": [%s]}
                """
                        .formatted(blocks * blocks, ops, ones, outputs));
        return dir.resolve("manifest.json");
    }

    /** The compliance f.u of the full system A(mu) u = f, identity rows and all, by dense LU. */
    private static double fullCompliance(Exported e, double[] diffusion) {
        return fullOutput(e, diffusion, e.load());
    }

    /** l.u for the full system A(mu) u = f, identity rows and all, by dense LU. */
    private static double fullOutput(Exported e, double[] diffusion, double[] l) {
        double[] u = fullSolution(e, diffusion);
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += l[i] * u[i];
        }
        return s;
    }

    /** The solution of the full system A(mu) u = f, identity rows and all, by dense LU. */
    private static double[] fullSolution(Exported e, double[] diffusion) {
        int n = e.load().length;
        double[] a = new double[n * n];
        for (int k = 0; k < e.terms().size(); k++) {
            double theta = k < diffusion.length ? diffusion[k] : 1;
            CsrMatrix m = e.terms().get(k);
            for (int i = 0; i < n; i++) {
                for (int p = m.rowPointers()[i]; p < m.rowPointers()[i + 1]; p++) {
                    a[i + m.columnIndices()[p] * n] += theta * m.nonzeroValues()[p]; // column-major
                }
            }
        }
        double[] u = e.load().clone();
        LuDecomposition.solveInPlace(a, n, u);
        return u;
    }

    @Test
    void pymorsAndFenicssDirichletRowsBuildAndAnswerTheFullSystem() throws Exception {
        for (Convention convention : Convention.values()) {
            for (int blocks : new int[] {2, 3}) {
                Exported e = thermalBlock(blocks, convention);
                assertThat(e.terms().get(0).asymmetry()).isPositive(); // as exported: not symmetric
                Path manifest = writeManifest(e, blocks, convention);
                Path out = tmp.resolve("model-" + convention + "-" + blocks);
                Run build = JromCommandTest.run(
                        "build",
                        "--from",
                        manifest.toString(),
                        "--tol",
                        "1e-12",
                        "--training",
                        "300",
                        "--out",
                        out.toString());
                assertThat(build.code()).as(build.out() + build.err()).isZero();
                assertThat(build.out())
                        .contains("constrained dofs: 48 of 169")
                        .contains(
                                convention == Convention.PYMOR
                                        ? "the diagonal in operator[" + blocks * blocks + "]"
                                        : "the diagonal in every term")
                        .contains("the columns kept");
                OnlineModel model = ModelFile.load(out.resolve("model.jrom")).online();
                assertThat(model.dim()).isLessThanOrEqualTo(121); // the free dofs
                Random random = new Random(7);
                for (int trial = 0; trial < 5; trial++) {
                    double[] mu = new double[blocks * blocks];
                    for (int k = 0; k < mu.length; k++) {
                        mu[k] = 0.1 + 0.9 * random.nextDouble();
                    }
                    double truth = fullCompliance(e, mu);
                    OnlineSolution s =
                            model.solve(Parameter.of(model.parameterSpace().type(), mu));
                    double answer = s.outputs().get("compliance");
                    assertThat(Math.abs(answer - truth)).isLessThanOrEqualTo(1e-10 * Math.abs(truth));
                    assertThat(Math.abs(answer - truth))
                            .isLessThanOrEqualTo(s.outputErrors().get("compliance") + 1e-14 * Math.abs(truth));
                }
            }
        }
    }

    private Run build(Path manifest, String out) {
        return JromCommandTest.run(
                "build",
                "--from",
                manifest.toString(),
                "--out",
                tmp.resolve(out).toString());
    }

    @Test
    void nonZeroDirichletValuesAreLiftedAsPymorWritesThem() throws Exception {
        int blocks = 2;
        int side = CELLS + 1;
        Exported e = thermalBlock(blocks, Convention.PYMOR);
        double[] load = e.load().clone();
        double[] mean = e.load().clone(); // the load's weights on the free dofs: an output that does not weigh g
        for (int i = 0; i < load.length; i++) {
            if (e.boundary()[i]) {
                load[i] = 1 + (i % side) * 0.1 + (i / side) * 0.2; // u = g on the boundary: the unit diagonal's row
            }
        }
        Exported lifted = new Exported(e.terms(), load, e.boundary());
        Path manifest = writeManifest(lifted, blocks, Convention.PYMOR, "{\"name\": \"mean\", \"vector\": \"L.mtx\"}");
        MatrixMarket.writeVector(manifest.resolveSibling("L.mtx"), mean);
        // the grid's mesh, node j * side + i at (i h, j h) as the export numbers them: fields get a place
        Mesh mesh = StructuredMesh.unitSquare(CELLS);
        assertThat(mesh.coordinates()[2 * (side + 3)]).isEqualTo(3.0 / CELLS);
        assertThat(mesh.coordinates()[2 * (side + 3) + 1]).isEqualTo(1.0 / CELLS);
        VtuWriter.of(mesh).write(manifest.resolveSibling("mesh.vtu"));
        Files.writeString(
                manifest, Files.readString(manifest).replace("\"outputs\"", "\"mesh\": \"mesh.vtu\", \"outputs\""));
        Path out = tmp.resolve("lifted");
        Run build = JromCommandTest.run(
                "build", "--from", manifest.toString(), "--tol", "1e-12", "--training", "300", "--out", out.toString());
        assertThat(build.code()).as(build.out() + build.err()).isZero();
        assertThat(build.out()).contains("constrained dofs: 48 of 169").contains("lifted");
        OnlineModel model = ModelFile.load(out.resolve("model.jrom")).online();
        Random random = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            double[] mu = new double[blocks * blocks];
            for (int k = 0; k < mu.length; k++) {
                mu[k] = 0.1 + 0.9 * random.nextDouble();
            }
            double truth = fullOutput(lifted, mu, mean);
            OnlineSolution s = model.solve(Parameter.of(model.parameterSpace().type(), mu));
            double answer = s.outputs().get("mean");
            assertThat(Math.abs(answer - truth)).isLessThanOrEqualTo(1e-10 * Math.abs(truth));
            assertThat(Math.abs(answer - truth))
                    .isLessThanOrEqualTo(s.outputErrors().get("mean") + 1e-14 * Math.abs(truth));
        }
        // the reconstructed field holds the lifted values g on the boundary, the full solution inside
        double[] mu = {0.3, 0.9, 0.5, 0.2};
        Path field = tmp.resolve("lifted-field.vtu");
        Run query = JromCommandTest.run(
                "query",
                out.resolve("model.jrom").toString(),
                "--mu",
                "diffusion=0.3,0.9,0.5,0.2",
                "--reconstruct",
                field.toString());
        assertThat(query.code()).as(query.err()).isZero();
        double[] u = VtuReader.readPointData(field, "u_rom");
        double[] truth = fullSolution(lifted, mu);
        double largest = java.util.Arrays.stream(truth).map(Math::abs).max().orElseThrow();
        for (int i = 0; i < u.length; i++) {
            if (lifted.boundary()[i]) {
                assertThat(u[i]).as("node %d", i).isCloseTo(load[i], org.assertj.core.data.Offset.offset(1e-14));
            } else {
                assertThat(u[i])
                        .as("node %d", i)
                        .isCloseTo(truth[i], org.assertj.core.data.Offset.offset(1e-9 * largest));
            }
        }
    }

    @Test
    void valuesThatAreNotAffineAndDofsOutsideTheSystemAreOneLine() throws Exception {
        // FEniCS's convention puts the diagonal in every term: f / (sum of the coefficients) is not affine
        Exported e = thermalBlock(2, Convention.FENICS);
        double[] load = e.load().clone();
        load[0] = 0.5;
        Path manifest = writeManifest(new Exported(e.terms(), load, e.boundary()), 2, Convention.FENICS);
        Run fenics = build(manifest, "m1");
        assertThat(fenics.code()).isEqualTo(2);
        assertThat(fenics.err().strip().lines()).hasSize(1);
        assertThat(fenics.err()).contains("operator[0].coefficient").contains("depends on the parameters");
        // an output that weighs a lifted dof
        Exported p = thermalBlock(2, Convention.PYMOR);
        double[] g = p.load().clone();
        g[0] = 0.5;
        Run weighed = build(writeManifest(new Exported(p.terms(), g, p.boundary()), 2, Convention.PYMOR), "m2");
        assertThat(weighed.code()).isEqualTo(2);
        assertThat(weighed.err()).contains("outputs[0].vector").contains("entry 0 is 0.5");
        // an explicit list is taken as given; a dof outside the system is refused
        String text = Files.readString(manifest).replace("\"format\"", "\"constrained_dofs\": [0, 1, 500], \"format\"");
        Files.writeString(manifest, text);
        Run given = build(manifest, "m3");
        assertThat(given.code()).isEqualTo(2);
        assertThat(given.err()).contains("constrained_dofs").contains("entry 2 is 500.0");
    }
}
