package org.jrom.fem;

import java.util.function.Supplier;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.Parallel;

/**
 * The loops shared by the Lagrange spaces: parallel assembly of {@code sum_e P_e^T K_e P_e} from
 * local matrices (on a prepared {@link AssemblyPattern}), and quadrature over cells or facets for
 * loads and error norms.
 */
public final class SimplexAssembly {
    /** The global dofs of the local shape functions of one simplex. */
    @FunctionalInterface
    public interface LocalDofs {
        void dofs(int entity, int[] out);
    }

    /** The local matrix of one simplex, row-major {@code localSize x localSize}. */
    @FunctionalInterface
    public interface LocalMatrix {
        void compute(int entity, double[] local);
    }

    /** Turns local matrices into a global one; a space holds one per kind of entity (cells, facets). */
    @FunctionalInterface
    interface Assembler {
        CsrMatrix matrix(int dim, int[] entities, int localSize, LocalDofs dofs, Supplier<LocalMatrix> perThread);
    }

    private SimplexAssembly() {}

    /**
     * The assembler of the spaces for one kind of entity ({@code count} of them): prepared {@link
     * AssemblyPattern}s, kept for the next term on the same entities and for deriving those of
     * subsets; or, with {@code triplets}, the reference path {@link #matrixByTriplets}.
     */
    static Assembler assembler(boolean triplets, int count) {
        return triplets ? SimplexAssembly::matrixByTriplets : new AssemblyPattern.Cache(count);
    }

    /**
     * Assembles {@code sum over entities of P^T K_e P} on a pattern built for these entities (see
     * {@link AssemblyPattern}), in parallel. {@code perThread} supplies one kernel (with its own
     * scratch) per worker.
     */
    static CsrMatrix matrix(int dim, int[] entities, int localSize, LocalDofs dofs, Supplier<LocalMatrix> perThread) {
        return AssemblyPattern.build(dim, entities, localSize, dofs).assemble(perThread);
    }

    /**
     * The reference path, kept to check the pattern path against: each entity writes its own slots of
     * triplet arrays in parallel, then {@link CsrMatrix#fromTriplets} sorts them and sums duplicates.
     * Same matrix bit for bit, several times slower at scale.
     */
    static CsrMatrix matrixByTriplets(
            int dim, int[] entities, int localSize, LocalDofs dofs, Supplier<LocalMatrix> perThread) {
        int perEntity = localSize * localSize;
        int count = Math.multiplyExact(entities.length, perEntity);
        int[] rows = new int[count];
        int[] cols = new int[count];
        double[] vals = new double[count];
        Parallel.forRange(entities.length, 4 * Parallel.threads(), (from, to) -> {
            LocalMatrix kernel = perThread.get();
            double[] local = new double[perEntity];
            int[] map = new int[localSize];
            for (int t = from; t < to; t++) {
                int e = entities[t];
                kernel.compute(e, local);
                dofs.dofs(e, map);
                int base = t * perEntity;
                for (int a = 0; a < localSize; a++) {
                    for (int b = 0; b < localSize; b++) {
                        rows[base + a * localSize + b] = map[a];
                        cols[base + a * localSize + b] = map[b];
                        vals[base + a * localSize + b] = local[a * localSize + b];
                    }
                }
            }
        });
        return CsrMatrix.fromTriplets(dim, dim, rows, cols, vals, count);
    }

    /** Load {@code b_i = sum_e int_e f phi_i} by quadrature over the given cells or facets. */
    static double[] load(
            int dim,
            Simplices set,
            int[] entities,
            LagrangeBasis basis,
            LocalDofs dofs,
            ScalarField f,
            SimplexQuadrature rule) {
        set.checkRule(rule);
        double[] b = new double[dim];
        double[] x = new double[set.mesh().dimension()];
        double[] phi = new double[basis.size()];
        int[] map = new int[basis.size()];
        int stride = set.vertexCount();
        for (int e : entities) {
            double measure = set.measure(e);
            dofs.dofs(e, map);
            for (int q = 0; q < rule.size(); q++) {
                set.point(e, rule.barycentric(), q * stride, x);
                basis.values(rule.barycentric(), q * stride, phi);
                double wf = rule.weights()[q] * measure * f.applyAsDouble(x);
                for (int a = 0; a < phi.length; a++) {
                    b[map[a]] += wf * phi[a];
                }
            }
        }
        return b;
    }

    /** {@code ||u_h - u||_{L2}} over all cells by quadrature. */
    static double l2Error(
            double[] uh,
            int dim,
            Mesh mesh,
            LagrangeBasis basis,
            LocalDofs dofs,
            ScalarField exact,
            SimplexQuadrature rule) {
        DimensionMismatchException.check("coefficient vector length", dim, uh.length);
        Simplices cells = Simplices.cells(mesh);
        cells.checkRule(rule);
        double[] x = new double[mesh.dimension()];
        double[] phi = new double[basis.size()];
        int[] map = new int[basis.size()];
        int stride = cells.vertexCount();
        double sum = 0;
        for (int c = 0; c < mesh.numCells(); c++) {
            double measure = cells.measure(c);
            dofs.dofs(c, map);
            for (int q = 0; q < rule.size(); q++) {
                cells.point(c, rule.barycentric(), q * stride, x);
                basis.values(rule.barycentric(), q * stride, phi);
                double v = 0;
                for (int a = 0; a < phi.length; a++) {
                    v += phi[a] * uh[map[a]];
                }
                double err = v - exact.applyAsDouble(x);
                sum += rule.weights()[q] * measure * err * err;
            }
        }
        return Math.sqrt(sum);
    }

    /** {@code |u_h - u|_{H1}} over all cells by quadrature; {@code gradient[i]} is the exact d u / d x_i. */
    static double h1SemiError(
            double[] uh,
            int dim,
            Mesh mesh,
            LagrangeBasis basis,
            LocalDofs dofs,
            ScalarField[] gradient,
            SimplexQuadrature rule) {
        int d = mesh.dimension();
        DimensionMismatchException.check("coefficient vector length", dim, uh.length);
        DimensionMismatchException.check("gradient components", d, gradient.length);
        Simplices cells = Simplices.cells(mesh);
        cells.checkRule(rule);
        double[] x = new double[d];
        double[] gradLambda = new double[(d + 1) * d];
        double[] gradPhi = new double[basis.size() * d];
        int[] map = new int[basis.size()];
        int stride = cells.vertexCount();
        double sum = 0;
        for (int c = 0; c < mesh.numCells(); c++) {
            double measure = Simplices.barycentricGradients(mesh, c, gradLambda);
            dofs.dofs(c, map);
            for (int q = 0; q < rule.size(); q++) {
                cells.point(c, rule.barycentric(), q * stride, x);
                basis.gradients(rule.barycentric(), q * stride, gradLambda, d, gradPhi);
                double e2 = 0;
                for (int i = 0; i < d; i++) {
                    double g = 0;
                    for (int a = 0; a < map.length; a++) {
                        g += uh[map[a]] * gradPhi[a * d + i];
                    }
                    double err = g - gradient[i].applyAsDouble(x);
                    e2 += err * err;
                }
                sum += rule.weights()[q] * measure * e2;
            }
        }
        return Math.sqrt(sum);
    }
}
