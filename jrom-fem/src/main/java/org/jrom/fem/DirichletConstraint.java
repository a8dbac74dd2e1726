package org.jrom.fem;

import java.util.Arrays;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.DimensionMismatchException;

/**
 * Dirichlet conditions imposed by elimination with a lifting: with free dofs F and fixed dofs D
 * carrying values g, {@code A u = b} becomes {@code A_FF u_F = b_F - A_FD g}. Each affine term
 * {@code A_q} is restricted separately, so the reduced system keeps both symmetry and the affine
 * structure: the lifting adds one right-hand side term {@code -A_q,FD g} per operator term.
 */
public final class DirichletConstraint {
    private final int fullDim;
    private final int[] fixed; // sorted
    private final int[] free; // sorted
    private final int[] freeIndex; // full dof -> free index, -1 if fixed

    /** Fixes the given dofs (duplicates allowed) out of {@code fullDim}. */
    public DirichletConstraint(int fullDim, int[] fixedDofs) {
        this.fullDim = fullDim;
        this.fixed = Arrays.stream(fixedDofs).distinct().sorted().toArray();
        for (int i : fixed) {
            if (i < 0 || i >= fullDim) {
                throw new IndexOutOfBoundsException("Dirichlet dof " + i + " outside [0, " + fullDim + ")");
            }
        }
        this.freeIndex = new int[fullDim];
        Arrays.fill(freeIndex, 0);
        for (int i : fixed) {
            freeIndex[i] = -1;
        }
        int n = 0;
        for (int i = 0; i < fullDim; i++) {
            if (freeIndex[i] == 0) {
                freeIndex[i] = n++;
            }
        }
        this.free = new int[n];
        for (int i = 0; i < fullDim; i++) {
            if (freeIndex[i] >= 0) {
                free[freeIndex[i]] = i;
            }
        }
    }

    /** Number of free dofs, the size of the constrained system. */
    public int freeDim() {
        return free.length;
    }

    public int fullDim() {
        return fullDim;
    }

    /** The fixed dofs, sorted. */
    public int[] fixedDofs() {
        return fixed.clone();
    }

    /** The block {@code A_FF}. */
    public CsrMatrix restrict(CsrMatrix a) {
        checkFull(a);
        int[] ptr = a.rowPointers();
        int[] ci = a.columnIndices();
        double[] v = a.nonzeroValues();
        int[] rows = new int[ci.length];
        int[] cols = new int[ci.length];
        double[] vals = new double[ci.length];
        int t = 0;
        for (int r = 0; r < free.length; r++) {
            int i = free[r];
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int c = freeIndex[ci[p]];
                if (c >= 0) {
                    rows[t] = r;
                    cols[t] = c;
                    vals[t++] = v[p];
                }
            }
        }
        return CsrMatrix.fromTriplets(free.length, free.length, rows, cols, vals, t);
    }

    /** The free entries of a full vector. */
    public double[] restrict(double[] b) {
        DimensionMismatchException.check("full vector length", fullDim, b.length);
        double[] r = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            r[k] = b[free[k]];
        }
        return r;
    }

    /**
     * The lifting load {@code -A_FD g} for values g on the fixed dofs (a full-length vector whose
     * free entries are ignored).
     */
    public double[] liftingLoad(CsrMatrix a, double[] g) {
        checkFull(a);
        DimensionMismatchException.check("Dirichlet value vector length", fullDim, g.length);
        double[] gFixed = new double[fullDim];
        for (int i : fixed) {
            gFixed[i] = g[i];
        }
        double[] agd = a.apply(gFixed);
        double[] r = restrict(agd);
        for (int k = 0; k < r.length; k++) {
            r[k] = -r[k];
        }
        return r;
    }

    /** The full vector with free values {@code uFree} and fixed values taken from {@code g} (null: zero). */
    public double[] extend(double[] uFree, double[] g) {
        DimensionMismatchException.check("free vector length", free.length, uFree.length);
        double[] u = new double[fullDim];
        if (g != null) {
            DimensionMismatchException.check("Dirichlet value vector length", fullDim, g.length);
            for (int i : fixed) {
                u[i] = g[i];
            }
        }
        for (int k = 0; k < free.length; k++) {
            u[free[k]] = uFree[k];
        }
        return u;
    }

    private void checkFull(CsrMatrix a) {
        if (a.rows() != fullDim || a.cols() != fullDim) {
            throw new DimensionMismatchException(
                    "operator is " + a.rows() + "x" + a.cols() + ", expected the full " + fullDim + "x" + fullDim);
        }
    }
}
