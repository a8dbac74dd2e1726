package org.jrom.fem;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jrom.linalg.CsrMatrix;
import org.jrom.linalg.Parallel;
import org.jrom.linalg.SparsityPattern;

/**
 * The prepared sparsity of {@code sum_e P_e^T K_e P_e} over one list of cells or facets: built once
 * from the entity-to-dof map, then reused by every term assembled on the same entities (mass and
 * stiffness on all cells, the strain and divergence terms of elasticity).
 *
 * <p>Built without sorting triplets: a counting sort of the local dofs gives, for each dof, the
 * entities that touch it; each row's columns are then gathered with a marker array and sorted
 * within the row. While a row is built, the offset within it of every column of every entity
 * touching it is stored (one byte each), so scattering a local matrix is one indexed add per entry
 * with no search; rows longer than {@value #MAX_ROW_FOR_OFFSETS} entries are searched instead.
 *
 * <p>Parallel without races by row ownership: the rows are split into one piece of about equal work
 * per worker, and each worker adds only into its own rows, visiting the entities that touch them in
 * ascending order (an entity on a piece boundary is computed by every piece it touches). Every entry
 * is thus the sum of its contributions in entity order, whatever the number of threads: the result
 * is bit-for-bit that of sorting the triplets and summing duplicates in order.
 *
 * <p>Memory: {@code 4 k + k^2} bytes per entity for local size k (32 bytes per P1 tetrahedron),
 * besides the pattern itself.
 */
final class AssemblyPattern {
    /** Below this many local dofs in all, the pattern is built and used on the calling thread. */
    static final int PARALLEL_THRESHOLD = 20_000;

    /** Rows up to this length have their offsets stored (one unsigned byte each); longer ones are searched. */
    static final int MAX_ROW_FOR_OFFSETS = 256;

    private final int dim;
    private final int localSize;
    private final int[] entities;
    private final int[] dofs; // dofs[t*k + a]: global dof of local function a of entities[t]
    private final int[] rowPtr;
    private final int[] colIdx;
    private final byte[] offsets; // offsets[(t*k + a)*k + b]: position of (dof_a, dof_b) within row dof_a, unsigned
    private final int[] bounds; // rows [bounds[p], bounds[p+1]) belong to piece p
    private final int[][] touching; // positions t, ascending, of the entities with a dof in piece p
    private final SparsityPattern pattern;

    private AssemblyPattern(
            int dim,
            int localSize,
            int[] entities,
            int[] dofs,
            int[] rowPtr,
            int[] colIdx,
            byte[] offsets,
            int[] bounds,
            int[][] touching,
            SparsityPattern pattern) {
        this.dim = dim;
        this.localSize = localSize;
        this.entities = entities;
        this.dofs = dofs;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.offsets = offsets;
        this.bounds = bounds;
        this.touching = touching;
        this.pattern = pattern;
    }

    /** The pattern of the {@code dim x dim} matrix assembled over {@code entities} with local size k. */
    static AssemblyPattern build(int dim, int[] entities, int localSize, SimplexAssembly.LocalDofs localDofs) {
        long incidences = (long) entities.length * localSize;
        return build(dim, entities, localSize, localDofs, incidences < PARALLEL_THRESHOLD ? 1 : Parallel.threads());
    }

    /** The same, with the rows split into the given number of pieces (the result does not depend on it). */
    static AssemblyPattern build(
            int dim, int[] entities, int localSize, SimplexAssembly.LocalDofs localDofs, int pieces) {
        if (pieces < 1) {
            throw new IllegalArgumentException("number of row pieces must be positive, found " + pieces);
        }
        int n = entities.length;
        int k = localSize;
        int[] copy = entities.clone();
        int[] dofs = new int[Math.multiplyExact(n, k)];
        int[] chunks = Parallel.evenBounds(n, pieces);
        int chunkCount = chunks.length - 1;
        int[][] counts = new int[chunkCount][];
        // The local dofs of every entity, and how often each dof occurs in each chunk of entities.
        Parallel.forPieces(chunks, (from, to) -> {
            int[] map = new int[k];
            int[] count = new int[dim];
            for (int t = from; t < to; t++) {
                localDofs.dofs(copy[t], map);
                for (int a = 0; a < k; a++) {
                    int dof = map[a];
                    if (dof < 0 || dof >= dim) {
                        throw new IndexOutOfBoundsException(
                                "entity " + copy[t] + ": local dof " + a + " is " + dof + ", outside [0, " + dim + ")");
                    }
                    dofs[t * k + a] = dof;
                    count[dof]++;
                }
            }
            counts[Arrays.binarySearch(chunks, from)] = count;
        });

        // The entities touching each dof, ascending: a counting sort of the local dofs, chunk by chunk.
        int[] incPtr = new int[dim + 1];
        for (int i = 0; i < dim; i++) {
            int c = incPtr[i];
            for (int[] count : counts) {
                int here = count[i];
                count[i] = c; // from now on: where this chunk's entities start in row i
                c += here;
            }
            incPtr[i + 1] = c;
        }
        int[] incidence = new int[dofs.length];
        Parallel.forPieces(chunks, (from, to) -> {
            int[] next = counts[Arrays.binarySearch(chunks, from)];
            for (int t = from, q = from * k; t < to; t++) {
                for (int a = 0; a < k; a++, q++) {
                    incidence[next[dofs[q]]++] = t;
                }
            }
        });

        // Pieces of rows with about equal numbers of incidences (the work of both build and scatter).
        int[] bounds = new int[pieces + 1];
        bounds[pieces] = dim;
        for (int p = 1, r = 0; p < pieces; p++) {
            long target = (long) dofs.length * p / pieces;
            while (r < dim && incPtr[r] < target) {
                r++;
            }
            bounds[p] = r;
        }

        int[] rowLength = new int[dim];
        int[][] pieceColumns = new int[pieces][];
        int[] pieceSize = new int[pieces];
        int[][] touching = new int[pieces][];
        byte[] offsets = new byte[Math.multiplyExact(dofs.length, k)];
        Parallel.forRange(pieces, pieces, (pFrom, pTo) -> {
            for (int p = pFrom; p < pTo; p++) {
                int lo = bounds[p];
                int hi = bounds[p + 1];
                int[] pos = new int[dim]; // -1 outside the current row, else the column's offset in it
                Arrays.fill(pos, -1);
                int[] cols = new int[Math.max(16, incPtr[hi] - incPtr[lo] + (hi - lo))];
                int size = 0;
                for (int i = lo; i < hi; i++) {
                    int need = size + (incPtr[i + 1] - incPtr[i]) * k;
                    if (need > cols.length) {
                        cols = Arrays.copyOf(cols, Math.max(need, 2 * cols.length));
                    }
                    int end = gatherRow(i, incidence, incPtr[i], incPtr[i + 1], dofs, k, pos, cols, size, offsets);
                    rowLength[i] = end - size;
                    size = end;
                }
                pieceColumns[p] = cols;
                pieceSize[p] = size;
                touching[p] = touching(dofs, k, lo, hi, pieces == 1);
            }
        });

        int[] rowPtr = new int[dim + 1];
        for (int i = 0; i < dim; i++) {
            rowPtr[i + 1] = Math.addExact(rowPtr[i], rowLength[i]);
        }
        int[] colIdx = new int[rowPtr[dim]];
        for (int p = 0, at = 0; p < pieces; p++) {
            System.arraycopy(pieceColumns[p], 0, colIdx, at, pieceSize[p]);
            at += pieceSize[p];
        }
        SparsityPattern pattern = SparsityPattern.of(dim, dim, rowPtr, colIdx);
        return new AssemblyPattern(dim, k, copy, dofs, rowPtr, colIdx, offsets, bounds, touching, pattern);
    }

    /**
     * Appends to {@code cols} from {@code size} the sorted distinct dofs of the entities {@code
     * incidence[from .. to)} (those touching row i), and records, for each of those entities, the
     * offsets of its dofs within the row (if the row is short enough); {@code pos} is all -1 before
     * and after. Returns the new size.
     */
    private static int gatherRow(
            int i,
            int[] incidence,
            int from,
            int to,
            int[] dofs,
            int k,
            int[] pos,
            int[] cols,
            int size,
            byte[] offsets) {
        int start = size;
        for (int s = from; s < to; s++) {
            int base = incidence[s] * k;
            for (int b = 0; b < k; b++) {
                int c = dofs[base + b];
                if (pos[c] < 0) {
                    pos[c] = 0;
                    cols[size++] = c;
                }
            }
        }
        Arrays.sort(cols, start, size);
        for (int s = start; s < size; s++) {
            pos[cols[s]] = s - start;
        }
        if (size - start <= MAX_ROW_FOR_OFFSETS) {
            for (int s = from; s < to; s++) {
                int base = incidence[s] * k;
                for (int a = 0; a < k; a++) {
                    if (dofs[base + a] == i) {
                        int o = (base + a) * k;
                        for (int b = 0; b < k; b++) {
                            offsets[o + b] = (byte) pos[dofs[base + b]];
                        }
                    }
                }
            }
        }
        for (int s = start; s < size; s++) {
            pos[cols[s]] = -1;
        }
        return size;
    }

    /** Positions, ascending, of the entities with a dof in rows {@code [lo, hi)}. */
    private static int[] touching(int[] dofs, int k, int lo, int hi, boolean all) {
        int n = dofs.length / k;
        if (all) {
            int[] t = new int[n];
            Arrays.setAll(t, i -> i);
            return t;
        }
        int[] out = new int[Math.max(16, n / 2)];
        int size = 0;
        for (int t = 0, q = 0; t < n; t++, q += k) {
            for (int a = 0; a < k; a++) {
                int r = dofs[q + a];
                if (r >= lo && r < hi) {
                    if (size == out.length) {
                        out = Arrays.copyOf(out, 2 * size);
                    }
                    out[size++] = t;
                    break;
                }
            }
        }
        return Arrays.copyOf(out, size);
    }

    /** Whether this is the pattern over exactly these entities with this local size. */
    boolean matches(int dim, int[] entities, int localSize) {
        return this.dim == dim && this.localSize == localSize && Arrays.equals(this.entities, entities);
    }

    /** The pattern itself (shared by every matrix assembled on it). */
    SparsityPattern pattern() {
        return pattern;
    }

    /**
     * {@code sum_e P_e^T K_e P_e} on this pattern, in parallel by row ownership; {@code perThread}
     * supplies one kernel (with its own scratch) per worker. The kernel must compute a local matrix
     * for the entities of this pattern, row-major {@code k x k}.
     */
    CsrMatrix assemble(Supplier<SimplexAssembly.LocalMatrix> perThread) {
        int k = localSize;
        int pieces = touching.length;
        return CsrMatrix.of(
                pattern,
                values -> Parallel.forRange(pieces, pieces, (pFrom, pTo) -> {
                    SimplexAssembly.LocalMatrix kernel = perThread.get();
                    double[] local = new double[k * k];
                    for (int p = pFrom; p < pTo; p++) {
                        int lo = bounds[p];
                        int hi = bounds[p + 1];
                        for (int t : touching[p]) {
                            kernel.compute(entities[t], local);
                            scatter(t * k, lo, hi, local, values);
                        }
                    }
                }));
    }

    /** Adds the rows of one local matrix (entity dofs at {@code dofs[base ..]}) that fall in {@code [lo, hi)}. */
    private void scatter(int base, int lo, int hi, double[] local, double[] values) {
        int k = localSize;
        for (int a = 0; a < k; a++) {
            int r = dofs[base + a];
            if (r < lo || r >= hi) {
                continue;
            }
            int start = rowPtr[r];
            int end = rowPtr[r + 1];
            if (end - start <= MAX_ROW_FOR_OFFSETS) {
                int o = (base + a) * k;
                for (int b = 0; b < k; b++) {
                    values[start + (offsets[o + b] & 0xFF)] += local[a * k + b];
                }
            } else {
                for (int b = 0; b < k; b++) {
                    values[Arrays.binarySearch(colIdx, start, end, dofs[base + b])] += local[a * k + b];
                }
            }
        }
    }

    /**
     * The last pattern a space built for one kind of entity (cells or facets), held softly: the next
     * term on the same entities reuses it, memory pressure drops it.
     */
    static final class Cache implements SimplexAssembly.Assembler {
        private volatile SoftReference<AssemblyPattern> last = new SoftReference<>(null);

        AssemblyPattern pattern(int dim, int[] entities, int localSize, SimplexAssembly.LocalDofs dofs) {
            AssemblyPattern p = last.get();
            if (p == null || !p.matches(dim, entities, localSize)) {
                p = build(dim, entities, localSize, dofs);
                last = new SoftReference<>(p);
            }
            return p;
        }

        @Override
        public CsrMatrix matrix(
                int dim,
                int[] entities,
                int localSize,
                SimplexAssembly.LocalDofs dofs,
                Supplier<SimplexAssembly.LocalMatrix> perThread) {
            return pattern(dim, entities, localSize, dofs).assemble(perThread);
        }
    }
}
