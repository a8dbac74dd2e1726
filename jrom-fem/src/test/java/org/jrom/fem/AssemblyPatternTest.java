package org.jrom.fem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jrom.linalg.CsrMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pattern path of assembly against the reference path (one triplet per local entry, sorted and
 * summed): same row pointers, same sorted duplicate-free columns, same values bit for bit, for P1,
 * P2 and elasticity in 2D and 3D, on all cells, on subsets and on boundary facets; and a result that
 * does not depend on how the rows are split among workers.
 */
class AssemblyPatternTest {
    static Mesh mesh(int d) {
        return d == 2
                ? TestMeshes.perturbed(StructuredMesh.unitSquare(7), 0.02, 11)
                : TestMeshes.perturbed(StructuredMesh.unitCube(4), 0.02, 13);
    }

    /** Every cell, the cells with marker 0 (here all of them) in shuffled order, and a random third. */
    static List<int[]> cellSets(Mesh mesh) {
        Random random = new Random(5);
        int[] all = IntStream.range(0, mesh.numCells()).toArray();
        int[] shuffled = all.clone();
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        int[] third = IntStream.range(0, mesh.numCells())
                .filter(c -> random.nextInt(3) == 0)
                .toArray();
        return List.of(all, shuffled, third, new int[0]);
    }

    static int[] allFacets(Mesh mesh) {
        return IntStream.range(0, mesh.numFacets()).toArray();
    }

    static void assertSameMatrix(CsrMatrix actual, CsrMatrix reference) {
        assertThat(actual.rows()).isEqualTo(reference.rows());
        assertThat(actual.cols()).isEqualTo(reference.cols());
        assertThat(actual.rowPointers()).isEqualTo(reference.rowPointers());
        assertThat(actual.columnIndices()).isEqualTo(reference.columnIndices());
        double[] a = actual.nonzeroValues();
        double[] r = reference.nonzeroValues();
        for (int p = 0; p < a.length; p++) {
            // Bit for bit, up to the sign of an exact zero (0.0 + -0.0 is 0.0).
            assertThat(a[p] == r[p] || Double.doubleToLongBits(a[p]) == Double.doubleToLongBits(r[p]))
                    .as("entry %d: %s vs %s", p, a[p], r[p])
                    .isTrue();
        }
        int[] ptr = actual.rowPointers();
        int[] ci = actual.columnIndices();
        for (int i = 0; i < actual.rows(); i++) {
            for (int p = ptr[i] + 1; p < ptr[i + 1]; p++) {
                assertThat(ci[p]).as("row %d columns strictly increasing", i).isGreaterThan(ci[p - 1]);
            }
        }
    }

    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void p1MatricesEqualTheTripletPath(int d) {
        Mesh mesh = mesh(d);
        P1Space space = new P1Space(mesh);
        P1Space reference = new P1Space(mesh, true);
        for (int[] cells : cellSets(mesh)) {
            assertSameMatrix(space.stiffness(cells), reference.stiffness(cells));
            assertSameMatrix(space.mass(cells), reference.mass(cells));
        }
        assertSameMatrix(space.boundaryMass(allFacets(mesh)), reference.boundaryMass(allFacets(mesh)));
        int[] someFacets = mesh.facetsWithMarkers(0, 1);
        assertSameMatrix(space.boundaryMass(someFacets), reference.boundaryMass(someFacets));
    }

    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void p2MatricesEqualTheTripletPath(int d) {
        Mesh mesh = mesh(d);
        P2Space space = new P2Space(mesh);
        P2Space reference = new P2Space(mesh, true);
        for (int[] cells : cellSets(mesh)) {
            assertSameMatrix(space.stiffness(cells), reference.stiffness(cells));
            assertSameMatrix(space.mass(cells), reference.mass(cells));
        }
        assertSameMatrix(space.boundaryMass(allFacets(mesh)), reference.boundaryMass(allFacets(mesh)));
    }

    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void elasticityMatricesEqualTheTripletPath(int d) {
        Mesh mesh = mesh(d);
        ElasticitySpace space = new ElasticitySpace(mesh);
        ElasticitySpace reference = new ElasticitySpace(mesh, true);
        for (int[] cells : cellSets(mesh)) {
            assertSameMatrix(space.strainTerm(cells), reference.strainTerm(cells));
            assertSameMatrix(space.divergenceTerm(cells), reference.divergenceTerm(cells));
            assertSameMatrix(space.mass(cells), reference.mass(cells));
        }
    }

    /** A dense reference: the P1 stiffness on tetrahedra is the plain sum of the local matrices. */
    @Test
    void p1StiffnessMatchesADenseSumOfLocalMatrices() {
        Mesh mesh = mesh(3);
        int n = mesh.numNodes();
        double[][] dense = new double[n][n];
        double[] g = new double[12];
        for (int c = 0; c < mesh.numCells(); c++) {
            double measure = Simplices.barycentricGradients(mesh, c, g);
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    double s = 0;
                    for (int i = 0; i < 3; i++) {
                        s += g[a * 3 + i] * g[b * 3 + i];
                    }
                    dense[mesh.cellNode(c, a)][mesh.cellNode(c, b)] += measure * s;
                }
            }
        }
        CsrMatrix a =
                new P1Space(mesh).stiffness(IntStream.range(0, mesh.numCells()).toArray());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(a.get(i, j)).isCloseTo(dense[i][j], within(1e-13));
            }
        }
    }

    /** Splitting the rows among 1, 2, 3 or 7 workers changes neither the pattern nor a single bit of the values. */
    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void theResultDoesNotDependOnTheNumberOfPieces(int d) {
        Mesh mesh = mesh(d);
        int[] cells = cellSets(mesh).get(1);
        int k = d + 1;
        SimplexAssembly.LocalDofs dofs = (c, out) -> {
            for (int a = 0; a < k; a++) {
                out[a] = mesh.cellNode(c, a);
            }
        };
        Function<Integer, CsrMatrix> assemble = pieces -> AssemblyPattern.build(mesh.numNodes(), cells, k, dofs, pieces)
                .assemble(() -> {
                    double[] g = new double[k * d];
                    return (c, local) -> {
                        double measure = Simplices.barycentricGradients(mesh, c, g);
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                double s = 0;
                                for (int i = 0; i < d; i++) {
                                    s += g[a * d + i] * g[b * d + i];
                                }
                                local[a * k + b] = measure * s * (1 + 0.1 * c); // not symmetric in c order
                            }
                        }
                    };
                });
        CsrMatrix one = assemble.apply(1);
        for (int pieces : new int[] {2, 3, 7}) {
            CsrMatrix split = assemble.apply(pieces);
            assertThat(split.rowPointers()).isEqualTo(one.rowPointers());
            assertThat(split.columnIndices()).isEqualTo(one.columnIndices());
            assertThat(Arrays.equals(split.nonzeroValues(), one.nonzeroValues()))
                    .as("values with %d pieces", pieces)
                    .isTrue();
        }
    }

    /**
     * A pattern derived from the all-cells one (marks, ranks, no sorting) is the pattern built on the
     * subset: same structure and same values bit for bit, whatever the number of pieces; on a
     * shuffled subset with repeated cells too.
     */
    @ParameterizedTest(name = "{0}D")
    @ValueSource(ints = {2, 3})
    void aDerivedPatternEqualsOneBuiltOnTheSubset(int d) {
        Mesh mesh = mesh(d);
        int k = d + 1;
        SimplexAssembly.LocalDofs dofs = (c, out) -> {
            for (int a = 0; a < k; a++) {
                out[a] = mesh.cellNode(c, a);
            }
        };
        Supplier<SimplexAssembly.LocalMatrix> kernel = () -> (c, local) -> {
            for (int p = 0; p < k * k; p++) {
                local[p] = Math.sin(c + 0.37 * p); // no symmetry, different in every slot
            }
        };
        int[] all = IntStream.range(0, mesh.numCells()).toArray();
        AssemblyPattern full = AssemblyPattern.build(mesh.numNodes(), all, k, dofs, 2);
        assertThat(full.derivable(mesh.numCells())).isTrue();
        List<int[]> subsets = new java.util.ArrayList<>(cellSets(mesh));
        int[] third = subsets.get(2);
        int[] repeated = Arrays.copyOf(third, third.length + 3);
        repeated[third.length] = third[0];
        repeated[third.length + 1] = third[third.length / 2];
        repeated[third.length + 2] = third[0];
        subsets.add(repeated);
        for (int[] subset : subsets) {
            CsrMatrix built =
                    AssemblyPattern.build(mesh.numNodes(), subset, k, dofs, 1).assemble(kernel);
            for (int pieces : new int[] {1, 2, 3, 7}) {
                CsrMatrix derived = full.restrict(subset, pieces).assemble(kernel);
                assertThat(derived.rowPointers()).isEqualTo(built.rowPointers());
                assertThat(derived.columnIndices()).isEqualTo(built.columnIndices());
                assertThat(Arrays.equals(derived.nonzeroValues(), built.nonzeroValues()))
                        .as("values of a subset of %d cells with %d pieces", subset.length, pieces)
                        .isTrue();
            }
        }
        assertThatThrownBy(() -> full.restrict(new int[] {0, mesh.numCells()}))
                .hasMessageContaining("entity " + mesh.numCells() + " is outside [0, " + mesh.numCells() + ")");
        assertThat(AssemblyPattern.build(mesh.numNodes(), third, k, dofs).derivable(mesh.numCells()))
                .isFalse();
    }

    @Test
    void aPatternIsReusedForTheNextTermOnTheSameCells() {
        Mesh mesh = mesh(2);
        AssemblyPattern.Cache cache = new AssemblyPattern.Cache(mesh.numCells());
        SimplexAssembly.LocalDofs dofs = (c, out) -> {
            for (int a = 0; a < 3; a++) {
                out[a] = mesh.cellNode(c, a);
            }
        };
        int[] cells = IntStream.range(0, mesh.numCells()).toArray();
        AssemblyPattern first = cache.pattern(mesh.numNodes(), cells, 3, dofs);
        assertThat(cache.pattern(mesh.numNodes(), cells.clone(), 3, dofs)).isSameAs(first);
        assertThat(cache.pattern(mesh.numNodes(), Arrays.copyOf(cells, 5), 3, dofs))
                .isNotSameAs(first);
    }

    @Test
    void aDofOutsideTheSpaceIsNamed() {
        assertThatThrownBy(() -> AssemblyPattern.build(3, new int[] {0, 1}, 2, (e, out) -> {
                    out[0] = e;
                    out[1] = e + 2;
                }))
                .hasMessageContaining("entity 1")
                .hasMessageContaining("local dof 1 is 3, outside [0, 3)");
    }
}
