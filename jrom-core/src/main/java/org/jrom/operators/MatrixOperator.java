package org.jrom.operators;

import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jrom.linalg.CholeskySymbolic;
import org.jrom.linalg.CsrCombination;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DenseMatrix;
import org.jrom.linalg.DimensionMismatchException;
import org.jrom.linalg.LinearMap;
import org.jrom.linalg.LinearSolver;
import org.jrom.linalg.SparseCholesky;
import org.jrom.linalg.SparseLu;
import org.jrom.linalg.VectorArray;
import org.jrom.parameters.Parameter;

/**
 * A parameter-independent operator given by a sparse or dense matrix. Its inverse is applied with a
 * solver built on first use and kept for later solves: by default a sparse Cholesky factorization for
 * symmetric sparse matrices, a sparse LU for non-symmetric ones, and LU for dense ones.
 */
public final class MatrixOperator implements Operator {
    private final LinearMap matrix;
    private final Function<LinearMap, LinearSolver> solverFactory;
    private volatile LinearSolver solver;

    private MatrixOperator(LinearMap matrix, Function<LinearMap, LinearSolver> solverFactory) {
        this.matrix = matrix;
        this.solverFactory = solverFactory;
    }

    /** The operator of a sparse matrix, inverted by the default direct solver. */
    public static MatrixOperator of(CsrMatrix matrix) {
        return new MatrixOperator(matrix, MatrixOperator::directSolver);
    }

    /** The operator of a dense matrix, inverted by an LU factorization. */
    public static MatrixOperator of(DenseMatrix matrix) {
        return new MatrixOperator(matrix, MatrixOperator::directSolver);
    }

    /** The operator of a matrix with a chosen solver (e.g. preconditioned CG for large 3D problems). */
    public static MatrixOperator of(LinearMap matrix, Function<LinearMap, LinearSolver> solverFactory) {
        return new MatrixOperator(matrix, solverFactory);
    }

    /**
     * The default direct solver: for sparse matrices a sparse Cholesky factorization (fill-reducing
     * ordering) when they are symmetric to 1e-14 of their largest entry (they must then be positive
     * definite), a sparse LU otherwise; LU for dense ones.
     */
    static LinearSolver directSolver(LinearMap a) {
        return directSolver(a, null);
    }

    /**
     * The operator of {@code A(c)} of a sparse combination, inverted by the default direct solver
     * with the Cholesky analysis the combination made once for its pattern.
     */
    static MatrixOperator of(CsrMatrix matrix, CsrCombination combination) {
        return new MatrixOperator(matrix, a -> directSolver(a, combination::analysis));
    }

    /** The default direct solver, its Cholesky from the given analysis of a's pattern (null: analyzed here). */
    private static LinearSolver directSolver(LinearMap a, Supplier<CholeskySymbolic> analysis) {
        if (a instanceof CsrMatrix sparse) {
            // symmetric to round-off: Cholesky reads one triangle of each mirrored pair, so a larger
            // asymmetry would solve a slightly different matrix
            if (sparse.asymmetry() > 1e-14 * sparse.normMax()) {
                return SparseLu.factor(sparse);
            }
            return analysis == null
                    ? SparseCholesky.factor(sparse)
                    : analysis.get().factor(sparse);
        }
        return ((DenseMatrix) a).lu();
    }

    /** The matrix (not a copy). */
    public LinearMap matrix() {
        return matrix;
    }

    @Override
    public int sourceDim() {
        return matrix.cols();
    }

    @Override
    public int rangeDim() {
        return matrix.rows();
    }

    @Override
    public boolean isParametric() {
        return false;
    }

    @Override
    public VectorArray apply(VectorArray u, Parameter mu) {
        return matrix.apply(u);
    }

    @Override
    public boolean hasAdjoint() {
        return matrix instanceof CsrMatrix || matrix instanceof DenseMatrix;
    }

    @Override
    public VectorArray applyAdjoint(VectorArray v, Parameter mu) {
        DimensionMismatchException.check("vector dimension for the adjoint", rangeDim(), v.dim());
        VectorArray out = VectorArray.empty(sourceDim());
        for (int j = 0; j < v.count(); j++) {
            double[] x = v.vector(j);
            out.append(matrix instanceof CsrMatrix c ? c.applyTranspose(x) : ((DenseMatrix) matrix).applyTranspose(x));
        }
        return out;
    }

    @Override
    public VectorArray applyInverse(VectorArray v, Parameter mu) {
        return solver().solve(v);
    }

    /** The solver of this operator, built on first use. */
    public LinearSolver solver() {
        LinearSolver s = solver;
        if (s == null) {
            synchronized (this) {
                s = solver;
                if (s == null) {
                    s = solverFactory.apply(matrix);
                    solver = s;
                }
            }
        }
        return s;
    }

    @Override
    public MatrixOperator assemble(Parameter mu) {
        return this;
    }

    @Override
    public Optional<RestrictedOperator> restricted(int[] dofs) {
        if (!(matrix instanceof CsrMatrix a)) {
            return Optional.empty();
        }
        int[] ptr = a.rowPointers();
        int[] ci = a.columnIndices();
        double[] v = a.nonzeroValues();
        TreeSet<Integer> needed = new TreeSet<>();
        for (int r : dofs) {
            if (r < 0 || r >= a.rows()) {
                throw new IndexOutOfBoundsException("dof " + r + " outside [0, " + a.rows() + ")");
            }
            for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                needed.add(ci[p]);
            }
        }
        int[] source = needed.stream().mapToInt(Integer::intValue).toArray();
        int[] rows = new int[dofs.length + 1];
        int nnz = 0;
        for (int k = 0; k < dofs.length; k++) {
            nnz += ptr[dofs[k] + 1] - ptr[dofs[k]];
            rows[k + 1] = nnz;
        }
        int[] cols = new int[nnz];
        double[] vals = new double[nnz];
        int t = 0;
        for (int r : dofs) {
            for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                cols[t] = Arrays.binarySearch(source, ci[p]);
                vals[t++] = v[p];
            }
        }
        CsrMatrix local = CsrMatrix.of(dofs.length, source.length, rows, cols, vals);
        int[] range = dofs.clone();
        return Optional.of(new RestrictedOperator() {
            @Override
            public int[] rangeDofs() {
                return range.clone();
            }

            @Override
            public int[] sourceDofs() {
                return source.clone();
            }

            @Override
            public double[] apply(double[] uAtSourceDofs, Parameter mu) {
                return local.apply(uAtSourceDofs);
            }
        });
    }

    @Override
    public String toString() {
        return "MatrixOperator(" + matrix + ")";
    }
}
