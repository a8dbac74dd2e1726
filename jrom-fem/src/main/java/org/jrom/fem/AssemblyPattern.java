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
 * <p>A pattern over a subset of the entities (one subdomain's cells) is derived from the pattern
 * over all of them by {@link #restrict}, with no incidence lists, no sorting and no per-entity
 * data: each row of the full pattern (up to {@value #MAX_ROW_FOR_MASKS} entries) gets a 64-bit mask
 * of the positions the subset's entities touch, the OR of their stored offsets; the subset's row
 * is the masked columns, in order (so already sorted), and an entry at offset o of the full row is
 * at {@code bitCount(mask & ((1 << o) - 1))} in the subset's row. Scattering goes through the full
 * pattern's offsets and these ranks. The structure is that {@link #build} would give on the
 * subset, and the values are the same bit for bit.
 *
 * <p>For four local dofs (P1 on tetrahedra) the scatter is written out entry by entry: there the
 * scatter is bound by instructions rather than by memory traffic, and the generic loops over the
 * local size cost about twice as much.
 *
 * <p>Memory: {@code 4 k + k^2} bytes per entity for local size k (32 bytes per P1 tetrahedron),
 * besides the pattern itself; a derived pattern 4 bytes per entity and 8 per row.
 */
public final class AssemblyPattern {
    /** Below this many local dofs in all, the pattern is built and used on the calling thread. */
    static final int PARALLEL_THRESHOLD = 20_000;

    /** Rows up to this length have their offsets stored (one unsigned byte each); longer ones are searched. */
    static final int MAX_ROW_FOR_OFFSETS = 256;

    /** Patterns with rows up to this length can be restricted to subsets (one bit per entry of a row in a long). */
    static final int MAX_ROW_FOR_MASKS = 64;

    private final int dim;
    private final int localSize;
    private final int[] entities;
    // Built: dofs[t*k + a] is the global dof of local function a of entities[t], and
    // offsets[(t*k + a)*k + b] the position (unsigned) of (dof_a, dof_b) within row dof_a.
    // Derived: both are those of the full pattern, indexed by entity instead of position.
    private final int[] dofs;
    private final byte[] offsets;
    private final long[] masks; // derived only: bit o of row i set iff offset o of the full row i is in this row
    private final int[] rowPtr;
    private final int[] colIdx;
    private final int[] bounds; // rows [bounds[p], bounds[p+1]) belong to piece p
    private final int[][] touching; // positions t, ascending, of the entities with a dof in piece p
    private final SparsityPattern pattern;
    private final int maxRowLength;

    private AssemblyPattern(
            int dim,
            int localSize,
            int[] entities,
            int[] dofs,
            byte[] offsets,
            long[] masks,
            int[] rowPtr,
            int[] colIdx,
            int[] bounds,
            int[][] touching) {
        this.dim = dim;
        this.localSize = localSize;
        this.entities = entities;
        this.dofs = dofs;
        this.offsets = offsets;
        this.masks = masks;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.bounds = bounds;
        this.touching = touching;
        this.pattern = SparsityPattern.of(dim, dim, rowPtr, colIdx);
        int longest = 0;
        for (int i = 0; i < dim; i++) {
            longest = Math.max(longest, rowPtr[i + 1] - rowPtr[i]);
        }
        this.maxRowLength = longest;
    }

    /** The pattern of the {@code dim x dim} matrix assembled over {@code entities} with local size k. */
    public static AssemblyPattern build(int dim, int[] entities, int localSize, SimplexAssembly.LocalDofs localDofs) {
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
        int[] bounds = splitRows(incPtr, dim, pieces);

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
                touching[p] = touching(dofs, null, n, k, lo, hi, pieces == 1);
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
        return new AssemblyPattern(dim, k, copy, dofs, offsets, null, rowPtr, colIdx, bounds, touching);
    }

    /**
     * Bounds of {@code pieces} ranges of rows with about equal work, {@code work[i]} being the work
     * of rows {@code [0, i)} (a prefix sum: row pointers or incidence pointers).
     */
    private static int[] splitRows(int[] work, int dim, int pieces) {
        int[] bounds = new int[pieces + 1];
        bounds[pieces] = dim;
        for (int p = 1, r = 0; p < pieces; p++) {
            long target = (long) work[dim] * p / pieces;
            while (r < dim && work[r] < target) {
                r++;
            }
            bounds[p] = r;
        }
        return bounds;
    }

    /**
     * Whether {@link #restrict} can derive subset patterns from this one: it is built (not derived)
     * over the entities {@code 0 .. count-1} in order, and no row is longer than {@value
     * #MAX_ROW_FOR_MASKS}.
     */
    boolean derivable(int count) {
        if (masks != null || entities.length != count || maxRowLength > MAX_ROW_FOR_MASKS) {
            return false;
        }
        for (int t = 0; t < count; t++) {
            if (entities[t] != t) {
                return false;
            }
        }
        return true;
    }

    /**
     * The pattern over {@code subset} (entities of this pattern, any order, repeats allowed), equal
     * to {@link #build} on it: derived from this pattern (see the class comment), in parallel.
     * Requires {@link #derivable} for this pattern's entity count.
     */
    AssemblyPattern restrict(int[] subset) {
        long incidences = (long) subset.length * localSize;
        return restrict(subset, incidences < PARALLEL_THRESHOLD ? 1 : Parallel.threads());
    }

    /** The same, with the rows split into the given number of pieces (the result does not depend on it). */
    AssemblyPattern restrict(int[] subset, int pieces) {
        if (pieces < 1) {
            throw new IllegalArgumentException("number of row pieces must be positive, found " + pieces);
        }
        if (masks != null || maxRowLength > MAX_ROW_FOR_MASKS) {
            throw new IllegalStateException("only a built pattern with rows of at most " + MAX_ROW_FOR_MASKS
                    + " entries can be restricted (this one: " + (masks != null ? "derived" : maxRowLength) + ")");
        }
        int k = localSize;
        int n = entities.length;
        int[] sub = subset.clone();
        // Each chunk of the subset ORs its entities' offsets into masks of its own, merged afterwards.
        int[] chunks = Parallel.evenBounds(sub.length, pieces);
        long[][] chunkMasks = new long[chunks.length - 1][];
        Parallel.forRange(chunkMasks.length, chunkMasks.length, (cFrom, cTo) -> {
            for (int c = cFrom; c < cTo; c++) {
                long[] mask = new long[dim];
                for (int t = chunks[c]; t < chunks[c + 1]; t++) {
                    int e = sub[t];
                    if (e < 0 || e >= n) {
                        throw new IndexOutOfBoundsException("entity " + e + " is outside [0, " + n + ")");
                    }
                    for (int a = 0, q = e * k; a < k; a++, q++) {
                        long bits = 0;
                        for (int b = 0, o = q * k; b < k; b++, o++) {
                            bits |= 1L << offsets[o]; // offsets < 64 here, so no sign or range issue
                        }
                        mask[dofs[q]] |= bits;
                    }
                }
                chunkMasks[c] = mask;
            }
        });
        long[] masks = chunkMasks.length == 0 ? new long[dim] : chunkMasks[0];
        int[] scan = splitRows(rowPtr, dim, pieces);
        int[] rowLength = new int[dim];
        Parallel.forPieces(scan, (lo, hi) -> {
            for (int c = 1; c < chunkMasks.length; c++) {
                long[] more = chunkMasks[c];
                for (int i = lo; i < hi; i++) {
                    masks[i] |= more[i];
                }
            }
            for (int i = lo; i < hi; i++) {
                rowLength[i] = Long.bitCount(masks[i]);
            }
        });
        int[] subRowPtr = new int[dim + 1];
        for (int i = 0; i < dim; i++) {
            subRowPtr[i + 1] = subRowPtr[i] + rowLength[i];
        }
        int[] subColIdx = new int[subRowPtr[dim]];
        Parallel.forPieces(scan, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int q = subRowPtr[i];
                for (long m = masks[i]; m != 0; m &= m - 1) {
                    subColIdx[q++] = colIdx[rowPtr[i] + Long.numberOfTrailingZeros(m)];
                }
            }
        });

        int[] bounds = splitRows(subRowPtr, dim, pieces);
        int[][] touching = new int[pieces][];
        Parallel.forRange(pieces, pieces, (pFrom, pTo) -> {
            for (int p = pFrom; p < pTo; p++) {
                touching[p] = touching(dofs, sub, sub.length, k, bounds[p], bounds[p + 1], pieces == 1);
            }
        });
        return new AssemblyPattern(dim, k, sub, dofs, offsets, masks, subRowPtr, subColIdx, bounds, touching);
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

    /**
     * Positions t, ascending, of the {@code n} entities with a dof in rows {@code [lo, hi)}; the dofs
     * of position t start at {@code dofs[k t]}, or at {@code dofs[k index[t]]} if {@code index} is
     * given.
     */
    private static int[] touching(int[] dofs, int[] index, int n, int k, int lo, int hi, boolean all) {
        if (all) {
            int[] t = new int[n];
            Arrays.setAll(t, i -> i);
            return t;
        }
        int[] out = new int[Math.max(16, n / 2)];
        int size = 0;
        for (int t = 0; t < n; t++) {
            int q = (index == null ? t : index[t]) * k;
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
    public SparsityPattern pattern() {
        return pattern;
    }

    /**
     * {@code sum_e P_e^T K_e P_e} on this pattern, in parallel by row ownership; {@code perThread}
     * supplies one kernel (with its own scratch) per worker. The kernel must compute a local matrix
     * for the entities of this pattern, row-major {@code k x k}.
     */
    public CsrMatrix assemble(Supplier<SimplexAssembly.LocalMatrix> perThread) {
        int k = localSize;
        int pieces = touching.length;
        boolean derived = masks != null;
        boolean shortRows = maxRowLength <= MAX_ROW_FOR_OFFSETS;
        return CsrMatrix.of(
                pattern,
                values -> Parallel.forRange(pieces, pieces, (pFrom, pTo) -> {
                    SimplexAssembly.LocalMatrix kernel = perThread.get();
                    double[] local = new double[k * k];
                    for (int p = pFrom; p < pTo; p++) {
                        int lo = bounds[p];
                        int hi = bounds[p + 1];
                        for (int t : touching[p]) {
                            int e = entities[t];
                            kernel.compute(e, local);
                            if (derived) {
                                if (k == 4) {
                                    scatterDerived4(e * 4, lo, hi, local, values);
                                } else {
                                    scatterDerived(e * k, lo, hi, local, values);
                                }
                            } else if (shortRows && k == 4) {
                                scatter4(t * 4, lo, hi, local, values);
                            } else {
                                scatter(t * k, lo, hi, local, values);
                            }
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
     * {@link #scatter} for four local dofs (P1 on tetrahedra) on rows that all have offsets, written
     * out: the cost per element is then a few dozen instructions.
     */
    private void scatter4(int base, int lo, int hi, double[] local, double[] values) {
        int[] dofs = this.dofs;
        int[] rowPtr = this.rowPtr;
        byte[] offsets = this.offsets;
        for (int a = 0; a < 4; a++) {
            int r = dofs[base + a];
            if (r >= lo && r < hi) {
                int start = rowPtr[r];
                int o = (base + a) * 4;
                int l = a * 4;
                values[start + (offsets[o] & 0xFF)] += local[l];
                values[start + (offsets[o + 1] & 0xFF)] += local[l + 1];
                values[start + (offsets[o + 2] & 0xFF)] += local[l + 2];
                values[start + (offsets[o + 3] & 0xFF)] += local[l + 3];
            }
        }
    }

    /** {@link #scatterDerived} for four local dofs, written out. */
    private void scatterDerived4(int base, int lo, int hi, double[] local, double[] values) {
        int[] dofs = this.dofs;
        int[] rowPtr = this.rowPtr;
        byte[] offsets = this.offsets;
        long[] masks = this.masks;
        for (int a = 0; a < 4; a++) {
            int r = dofs[base + a];
            if (r >= lo && r < hi) {
                int start = rowPtr[r];
                long mask = masks[r];
                int o = (base + a) * 4;
                int l = a * 4;
                values[start + Long.bitCount(mask & ((1L << offsets[o]) - 1))] += local[l];
                values[start + Long.bitCount(mask & ((1L << offsets[o + 1]) - 1))] += local[l + 1];
                values[start + Long.bitCount(mask & ((1L << offsets[o + 2]) - 1))] += local[l + 2];
                values[start + Long.bitCount(mask & ((1L << offsets[o + 3]) - 1))] += local[l + 3];
            }
        }
    }

    /**
     * The same on a derived pattern: offsets in the full pattern's rows ({@code base} indexes them
     * by entity), ranked among the row's mask.
     */
    private void scatterDerived(int base, int lo, int hi, double[] local, double[] values) {
        int k = localSize;
        for (int a = 0; a < k; a++) {
            int r = dofs[base + a];
            if (r < lo || r >= hi) {
                continue;
            }
            int start = rowPtr[r];
            long mask = masks[r];
            int o = (base + a) * k;
            for (int b = 0; b < k; b++) {
                values[start + Long.bitCount(mask & ((1L << offsets[o + b]) - 1))] += local[a * k + b];
            }
        }
    }

    /**
     * The patterns a space built for one kind of entity (cells or facets), held softly (memory
     * pressure drops them): the last one, reused by the next term on the same entities, and the one
     * over all entities, from which the patterns of large enough subsets (subdomains) are derived by
     * {@link #restrict} instead of being built.
     */
    static final class Cache implements SimplexAssembly.Assembler {
        /** Subsets with fewer than 1/{@value} of all entities get a pattern of their own, not a derived one. */
        static final int DERIVE_FRACTION = 32;

        private final int count;
        private volatile SoftReference<AssemblyPattern> last = new SoftReference<>(null);
        private volatile SoftReference<AssemblyPattern> full = new SoftReference<>(null);
        private volatile boolean fullDerivable;

        /** A cache for a space with {@code count} entities of this kind. */
        Cache(int count) {
            this.count = count;
        }

        AssemblyPattern pattern(int dim, int[] entities, int localSize, SimplexAssembly.LocalDofs dofs) {
            AssemblyPattern p = last.get();
            if (p != null && p.matches(dim, entities, localSize)) {
                return p;
            }
            if (isAll(entities)) {
                p = full(dim, localSize, dofs);
            } else if ((long) entities.length * DERIVE_FRACTION >= count) {
                AssemblyPattern f = full(dim, localSize, dofs);
                p = fullDerivable ? f.restrict(entities) : build(dim, entities, localSize, dofs);
            } else {
                p = build(dim, entities, localSize, dofs);
            }
            last = new SoftReference<>(p);
            return p;
        }

        /** The pattern over all entities, built on first use. */
        private AssemblyPattern full(int dim, int localSize, SimplexAssembly.LocalDofs dofs) {
            AssemblyPattern f = full.get();
            if (f == null || f.dim != dim || f.localSize != localSize) {
                int[] all = new int[count];
                Arrays.setAll(all, t -> t);
                f = build(dim, all, localSize, dofs);
                fullDerivable = f.derivable(count);
                full = new SoftReference<>(f);
            }
            return f;
        }

        private boolean isAll(int[] entities) {
            if (entities.length != count) {
                return false;
            }
            for (int t = 0; t < count; t++) {
                if (entities[t] != t) {
                    return false;
                }
            }
            return true;
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
