package dev.nagare.device.cpu;

import dev.nagare.device.Workers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link Gemm}: a GotoBLAS/BLIS-style single-precision GEMM.
 *
 * <ul>
 *   <li>op(B) is copied, one k-block (at most {@link #KC} deep) and up to {@link #NC} columns at a time, into
 *       panels {@link #NR} = NV vectors wide (a last panel of one vector when that is enough), p-major, so the
 *       micro-kernel reads it sequentially; op(A) into slivers of {@link #MR} rows, p-major. Transposes only
 *       change how panels and slivers are packed. Packed operands are zero-padded, so the micro-kernel never
 *       needs a mask. The blocking comes from the cache sizes ({@link Blocking}).
 *   <li>The micro-kernel ({@link GemmKernels}: MR x NV vectors, chosen by the vector width and register
 *       count) keeps a tile of C in registers; edge tiles are computed in a scratch tile and the valid part
 *       copied. Every element of C is one chain of fused multiply-adds in the order of k, whatever the tile,
 *       the blocking or the threads: results are the same bit for bit on every machine.
 *   <li>Small products run on the calling thread ({@link #sequential}). From {@link #PARALLEL_MIN}
 *       multiply-adds on, {@link #parallel} cuts each block of C into tiles that the caller and idle
 *       {@link Workers} take from a shared counter ({@link Workers#forEach}), packing slivers and panels on
 *       first use; the caller never waits for a helper to start, and no thread waits for another to finish
 *       packing a sliver or panel it needs (it packs its own copy instead), so a helper descheduled by other
 *       processes holds up at most the one tile it is on.
 * </ul>
 *
 * <p>Keep every method that uses vectors small enough for C1: a method C1 gives up on ("out of virtual
 * registers") can end up running as tier-2 code with no Vector API intrinsics for good, which allocates on
 * every operation and is ten times slower.
 */
final class GemmVector {
    private GemmVector() {}

    private static final VectorSpecies<Float> S = GemmKernels.S;
    /** Floats per vector. */
    static final int L = GemmKernels.L;
    /** Rows of the register tile (see {@link GemmKernels}). */
    static final int MR = GemmKernels.MR;
    /** Columns of the register tile: {@link GemmKernels#NV} vectors. */
    static final int NR = GemmKernels.NR;
    /** The blocking of this machine: from its cache sizes unless forced by the properties named there. */
    static final Blocking BLOCKING = Blocking.of(CacheSizes.MACHINE, MR, NR);
    /** Largest depth of a k-block (see {@link Blocking#kc}). */
    static final int KC = BLOCKING.kc();
    /** Rows of A packed at a time by the sequential path (a multiple of MR). */
    static final int MC = BLOCKING.mc();
    /** Rows of A packed at a time by the parallel path (a multiple of MR). */
    static final int MB = roundUp(Integer.getInteger("nagare.gemm.mb", 2048), MR);
    /** Columns of B packed at a time (a multiple of NR). */
    static final int NC = BLOCKING.nc();

    /**
     * Cache blocking. None of it changes a result (each element of C is one chain of multiply-adds in the order
     * of p, however k is cut), only speed.
     *
     * @param kc largest depth of a k-block; k is cut into equal blocks no deeper than this. The micro-kernel
     *           streams a B panel kc x NR and an A sliver MR x kc: kc is chosen so that the panel fills
     *           {@code L1d * 2} (it is reused from L1 and L2 across the slivers of a block); at least 256.
     *           -Dnagare.gemm.kc forces it.
     * @param mc rows of A packed at a time (sequential path): the packed block mc x kc fills half of L2.
     *           -Dnagare.gemm.mc forces it.
     * @param nc columns of B packed at a time: the packed block kc x nc fills half of this core's share of
     *           L3, at most 4096 (A is packed again for every nc columns, so wide is good). -Dnagare.gemm.nc.
     */
    record Blocking(int kc, int mc, int nc) {
        static Blocking of(CacheSizes caches, int mr, int nr) {
            int kc = Integer.getInteger("nagare.gemm.kc", (int) Math.min(2048, Math.max(256, caches.l1d() * 2 / (4L * nr))));
            int mc = roundUp(Integer.getInteger("nagare.gemm.mc", (int) Math.min(1024, caches.l2() / 2 / (4L * kc))), mr);
            long l3share = caches.l3() > 0 ? caches.l3() / caches.l3Sharers() : caches.l2() * 4;
            int nc = roundUp(Integer.getInteger("nagare.gemm.nc", (int) Math.min(4096, l3share / 2 / (4L * kc))), nr);
            return new Blocking(kc, mc, nc);
        }
    }

    /** The tile and blocking in words, for benchmark headers. */
    static String describe() {
        return GemmKernels.describe() + String.format(java.util.Locale.ROOT, ", blocking kc=%d mc=%d nc=%d (%s)",
                KC, MC, NC, CacheSizes.MACHINE);
    }

    /**
     * Products of at most this many rows (and B not transposed) read B in place instead of packing it: with
     * few rows, packing B costs about as much as the product. Above 32 rows packing wins, even with the cost:
     * B read in place takes each row's panel slice from another page, which the hardware does not prefetch
     * (one thread on the AVX2 EPYC, A/B in one JVM, packed against in place: 64 x 3136 by 3136 x 1024 1.33x
     * faster, 48 x 1024 by 1024 x 1024 1.34x, 40 x 784 by 784 x 256 1.22x, 64 x 1024 by 1024 x 64 1.16x).
     */
    static final int DIRECT_B_ROWS = Integer.getInteger("nagare.gemm.directBRows", 32);
    /**
     * Products of at most this many columns (default 4 panels, 64 with AVX2) with A not transposed read A's rows
     * in place (micro-kernels {@code GemmKernels.fullRows}) instead of packing them into slivers. A packed
     * sliver serves every panel of B: with few panels, packing (a scalar transpose) costs a good part of the
     * product, as with a convolution's patch matrix times a filter of 32 or 64 outputs. With more panels the
     * packed kernel wins (measured on the AVX2 EPYC: 12544 x 800 times 800 x 64 about 10% faster in place,
     * 512 x 784 times 784 x 256 about 20% slower). Only a last sliver of fewer than MR rows is packed.
     * -Dnagare.gemm.directACols sets the bound (0: always pack).
     */
    static final int DIRECT_A_COLS = Integer.getInteger("nagare.gemm.directACols", 4 * NR);
    /**
     * Multiply-adds (m*n*k) from which a product is split across threads: about 2M (4 MFLOP, some 40 us on one
     * core). Below that, handing work to another thread gains little and costs jitter.
     */
    static final long PARALLEL_MIN = Long.getLong("nagare.gemm.parallelMin", 1L << 21);
    /**
     * Most multiply-adds in one tile of the parallel path (a tile is the unit of work sharing; the last one
     * taken can leave the other threads idle for up to its length, some 0.15 ms on one core).
     */
    static final long TILE_MAX = Long.getLong("nagare.gemm.tileMax", 1L << 24);
    /** Most floats of packed B in one tile of the parallel path: half of L2. */
    static final long TILE_PANEL_FLOATS = Long.getLong("nagare.gemm.tilePanelFloats", CacheSizes.MACHINE.l2() / 8);
    /**
     * How long (in {@link Thread#onSpinWait} calls, about 25 ns each) a thread that needs a sliver or panel
     * another thread is packing waits for it before packing its own copy: about as long as packing one takes.
     * No wait at all while {@link Workers#contended}: the packing thread may well have lost its core.
     */
    static final int PACK_WAIT_SPINS = Integer.getInteger("nagare.gemm.packWaitSpins", 200);
    /**
     * Panels of a plain B packed together, row by row (see {@link #packB(float[], int, int, int, int, int, float[], int)});
     * the parallel path also hands them out together: a thread that needs a panel packs its whole group. (A
     * transposed B reads each panel's columns as rows of its own, so its panels are handed out one by one.)
     */
    static final int PANEL_GROUP = 4;
    /** Floats of B that a thread packs at least per item when a block's B is packed by rows (256 KiB). */
    static final long PACK_ROWS_FLOATS = Long.getLong("nagare.gemm.packRowsFloats", 1 << 16);
    /**
     * Floats of a block's B (4 MiB) from which the parallel path packs it all first, its rows split between the
     * threads, instead of panel group by panel group as tiles need them: a group's rows are 4 * NR floats, one read
     * per row of B, and each on another page. Measured on the AVX2 EPYC, two threads, A/B in one JVM: 64 x 3136 by
     * 3136 x 1024 (the CNN sample's dense layer) 1.035-1.19x faster, 64 x 1024 by 1024 x 3136 1.18x, 128 x 2048 by
     * 2048 x 2048 1.13x, 1024^3 and 2048^3 1.015-1.03x; with smaller blocks the extra hand-off lost up to 6% (128 x 784
     * by 784 x 256, 256^3). -Dnagare.gemm.packAheadFloats.
     */
    static final long PACK_AHEAD_FLOATS = Long.getLong("nagare.gemm.packAheadFloats", 1 << 20);
    /** Threads used for big products. */
    static final int THREADS = Math.max(1, Math.min(Workers.THREADS, Integer.getInteger("nagare.gemm.threads", Workers.THREADS)));

    /**
     * Whether packing uses 16-float vectors (as with AVX-512): 4 x 16 transposes for a transposed B, masked
     * 8-float copies for a transposed A. Elsewhere, and for a plain A (where they measured slower), plain loops.
     */
    private static final boolean T16 = L == 16 && MR == 8 && !Boolean.getBoolean("nagare.gemm.noT16");
    /**
     * Index vectors of the two stages of {@link #transpose4x4Blocks} (blocks of h = 2, then 1 lanes):
     * {@code x[i], x[i+h] -> T_LOh.selectFrom(x[i], x[i+h]), T_HIh.selectFrom(x[i], x[i+h])}. Static final
     * fields, not an array: C2 then knows their exact class, which the select intrinsic needs.
     */
    private static final FloatVector T_LO2 = stageIndex(2, false), T_HI2 = stageIndex(2, true);
    private static final FloatVector T_LO1 = stageIndex(1, false), T_HI1 = stageIndex(1, true);
    /** Lanes 4b..4b+3 for b = 0..3; lanes 0..7. */
    private static final VectorMask<Float> LANES0 = lanes(0xFL), LANES1 = lanes(0xF0L), LANES2 = lanes(0xF00L),
            LANES3 = lanes(0xF000L), LOW8 = lanes(0xFFL);

    private static VectorMask<Float> lanes(long bits) {
        return T16 ? VectorMask.fromLong(S, bits) : null;
    }

    /** Within each 2h x 2h block of a 4 x 4 block the off-diagonal h x h blocks trade places. */
    private static FloatVector stageIndex(int h, boolean hi) {
        if (!T16) return null;
        float[] idx = new float[L];
        for (int j = 0; j < L; j++) {
            if (hi) idx[j] = (j & h) == 0 ? j + h : L + j;
            else idx[j] = (j & h) == 0 ? j : L + j - h;
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    static boolean available() {
        return L >= 2;
    }

    private static int roundUp(int x, int to) {
        return Math.max(to, (x + to - 1) / to * to);
    }

    /** Per-thread packing buffers, grown on demand and kept. */
    static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tmp = new float[0];
        /** A sliver and a panel packed by this thread for its own use (see {@code Job.sliver}, {@code Job.panel}). */
        float[] ownA = new float[0], ownB = new float[0];
        /** The transposed product of {@link #sgemm} for A B^T with few rows. */
        float[] swapped = new float[0];
        final float[] tile = new float[MR * NR];

        // Packing may write (masked-off lanes of) a vector past the last element: keep 2L floats spare.
        float[] a(int size) {
            if (a.length < size + 2 * L) a = new float[size + 2 * L];
            return a;
        }

        float[] b(int size) {
            if (b.length < size + 2 * L) b = new float[size + 2 * L];
            return b;
        }

        float[] swapped(int size) {
            if (swapped.length < size) swapped = new float[size];
            return swapped;
        }

        float[] ownA(int kc) {
            if (ownA.length < MR * kc + 2 * L) ownA = new float[MR * kc + 2 * L];
            return ownA;
        }

        float[] ownB(int kc) {
            if (ownB.length < NR * kc + 2 * L) ownB = new float[NR * kc + 2 * L];
            return ownB;
        }

        /** Room for 4 x kc transposed floats (see {@link #packBTransposed}). */
        float[] tmp(int kc) {
            if (tmp.length < 4 * kc) tmp = new float[4 * kc];
            return tmp;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);


    /** Same contract as {@link Gemm#sgemm}. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
        Gemm.check(m, n, k, a, b, c);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        if (swapsTransposedB(transA, transB, m, n, k)) {
            float[] t = BUFFERS.get().swapped(m * n);
            sgemm(false, true, n, m, k, b, a, t);
            ConvKernels.transpose(t, c, 1, n, m);
            return;
        }
        if (THREADS > 1 && (long) m * n * k >= PARALLEL_MIN && (m > MR || n > NR)) {
            if (readsBothInPlace(transA, transB, m, n, k)) deepTiles(m, n, k, a, b, c);
            else parallel(transA, transB, m, n, k, a, b, c, THREADS);
        } else {
            sequential(transA, transB, m, n, k, a, b, c, BUFFERS.get());
        }
    }

    /**
     * Whether C = A B^T is computed as C^T = B A^T and then transposed: with few rows, packing B^T (a transpose
     * of n x k floats) is not paid back, while B's rows read in place are the in-place-A kernels' rows and
     * A^T packs small. Same bits (each element is the same chain of multiply-adds over p; only the factors of
     * each product swap). Measured on the AVX2 EPYC (A/B in one JVM, time before / after, one and two
     * threads): 64 x 3136 by 1024 (the CNN sample's dense layer, input gradient) 1.27 / 1.32x, 32 x 3136 by
     * 1024 1.8-2.0x, 16 x 784 by 256 1.7x, 32 x 784 by 256 1.2x; at 64 rows with k below 1024 it lost up to
     * 15% (64 x 3136 by 256) and at 8 rows 2-5%, so those stay as they are.
     */
    static boolean swapsTransposedB(boolean transA, boolean transB, int m, int n, int k) {
        return transB && !transA && m >= NR && n > m && (m <= 32 || (m <= 64 && k >= 1024));
    }

    /**
     * Whether a product split across threads reads both operands in place, tile by tile over all of k
     * ({@link #deepTiles}): few rows (B read in place), few columns (A read in place) and more than one k-block.
     * The block-by-block split of {@link #parallel} hands out only a few small tiles per k-block there, and
     * its per-block hand-offs cost more than the tiles (25 x 32 over 50,176, a 5x5 filter gradient of one input
     * channel: twice as slow on two threads as on one).
     */
    static boolean readsBothInPlace(boolean transA, boolean transB, int m, int n, int k) {
        return !transB && m <= DIRECT_B_ROWS && readsAInPlace(transA, n) && k > KC;
    }

    /**
     * C = A B (both not transposed) cut into column panels of the full slivers (or, with one panel, the full slivers
     * one by one) and one more item for the rows past them ({@link #lastRows}), which the caller and idle
     * {@link Workers} take one at a time. A panel runs k-block after k-block over its slivers with A's rows and B's
     * rows read where they are (a last partial panel is packed into the thread's own buffer), so that a block of A
     * and B is read from L2 by all of them. Tiles of C are not shared, so no thread waits for another.
     */
    static void deepTiles(int m, int n, int k, float[] a, float[] b, float[] c) {
        int full = m / MR, panels = (n + NR - 1) / NR, rest = full < (m + MR - 1) / MR ? 1 : 0;
        // Rows past the last full sliver are one more item, computed row by row (see lastRows).
        if (panels > 1) {
            Workers.forEach(panels + rest, q -> {
                if (q < panels) deepTiles(m, n, k, a, b, c, 0, full, q, q + 1, BUFFERS.get());
                else lastRows(m, n, k, a, b, c, full * MR);
            });
        } else {
            Workers.forEach(full + rest, s -> {
                if (s < full) deepTiles(m, n, k, a, b, c, s, s + 1, 0, 1, BUFFERS.get());
                else lastRows(m, n, k, a, b, c, full * MR);
            });
        }
    }

    /** Full slivers [s0, s1) by panels [q0, q1) of {@link #deepTiles}, k-block after k-block. */
    private static void deepTiles(int m, int n, int k, float[] a, float[] b, float[] c, int s0, int s1, int q0, int q1,
                                  Buffers buf) {
        int kcMax = kBlock(k);
        for (int pc = 0; pc < k; pc += kcMax) {
            int kc = Math.min(kcMax, k - pc);
            for (int q = q0; q < q1; q++) {
                int jr = q * NR, nr = Math.min(NR, n - jr), w = nr > L ? NR : L;
                float[] pb = b;
                int bo = pc * n + jr, ldb = n;
                if (nr < w) {
                    pb = buf.ownB(kc);
                    packB(false, b, n, k, pc, kc, jr, nr, pb, 0, buf.tmp(kc));
                    bo = 0;
                    ldb = w;
                }
                for (int s = s0; s < s1; s++) {
                    int ir = s * MR;
                    microTile(a, ir * k + pc, k, pb, bo, ldb, kc, c, ir * n + jr, n, MR, nr, pc > 0, buf.tile);
                }
            }
        }
    }

    /**
     * Rows [i0, m) of {@link #deepTiles} (fewer than MR), each as a {@link #singleRow} over all of k: every element the
     * same chain of fused multiply-adds over p from +0 as in a sliver. Packing them into a sliver of MR rows would cost
     * the work of MR rows plus the packing (a 5x5 filter gradient of one input channel has 25 rows: 4 slivers and 1 row).
     */
    private static void lastRows(int m, int n, int k, float[] a, float[] b, float[] c, int i0) {
        for (int i = i0; i < m; i++) singleRow(a, i * k, b, c, i * n, n, k);
    }

    /** Rows of A made on demand (see {@link #sgemmMadeRows}). */
    interface RowMaker {
        /** Writes A's rows [r0, r0 + count) over columns [p0, p0 + kc) into {@code dst}, row i at {@code dst[i * kc]}. */
        void make(int r0, int count, int p0, int kc, float[] dst);
    }

    /**
     * C[m x n] = A B with B rows [bRow, bRow + k) of the row-major {@code b} (n columns), and A (m x k) never
     * stored whole: each thread has {@code a} make the MR x kc block of A's rows it needs into a buffer of its own,
     * where it stays in L1 while every panel of B passes it (a patch matrix made this way is written to and read
     * from L1 instead of memory). B is packed once, k-block by k-block; the threads take slivers of MR rows and run
     * k-block after k-block over theirs, so that a k-block of B is read from L2 (0-4% faster than sliver after
     * sliver over all of k). Every element is the same chain of fused multiply-adds as {@link #sgemm} on the stored
     * A gives.
     */
    static void sgemmMadeRows(RowMaker a, int m, int n, int k, float[] b, int bRow, float[] c) {
        if ((long) (bRow + k) * n > b.length || (long) m * n > c.length || bRow < 0) {
            throw new IllegalArgumentException("arrays too short for m=" + m + " n=" + n + " k=" + k + " from row " + bRow
                    + ": b=" + b.length + " c=" + c.length);
        }
        if (m == 0 || n == 0) return;
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        int kcMax = kBlock(k), blocks = (k + kcMax - 1) / kcMax, blockFloats = roundUp(n, NR) * kcMax;
        float[] bp = BUFFERS.get().b(blocks * blockFloats);
        for (int kb = 0; kb < blocks; kb++) {
            int pc = kb * kcMax;
            packB(b, n, bRow + pc, Math.min(kcMax, k - pc), 0, n, bp, kb * blockFloats);
        }
        int slivers = (m + MR - 1) / MR;
        long perSliver = (long) MR * n * k;
        Workers.forRange(slivers, (int) Math.max(1, PARALLEL_MIN / perSliver), (s0, s1) -> {
            Buffers buf = BUFFERS.get();
            float[] rows = buf.ownA(kcMax);
            for (int kb = 0; kb < blocks; kb++) {
                int pc = kb * kcMax, kc = Math.min(kcMax, k - pc);
                for (int s = s0; s < s1; s++) {
                    int ir = s * MR, mr = Math.min(MR, m - ir);
                    a.make(ir, mr, pc, kc, rows);
                    for (int jr = 0; jr < n; jr += NR) {
                        int nr = Math.min(NR, n - jr);
                        // A sliver of fewer than MR rows reads the rest of the buffer too (into a scratch tile only).
                        microTile(rows, 0, kc, bp, kb * blockFloats + jr * kc, nr > L ? NR : L, kc, c, ir * n + jr, n, mr, nr,
                                kb > 0, buf.tile);
                    }
                }
            }
        });
    }

    /** Whether the product reads A's rows in place (see {@link #DIRECT_A_COLS}). */
    static boolean readsAInPlace(boolean transA, int n) {
        return !transA && n <= DIRECT_A_COLS;
    }

    /** Equal k-blocks no deeper than KC. */
    private static int kBlock(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /**
     * The whole product on the calling thread: A packed MC rows at a time, just before use. B is packed too,
     * unless the product has few rows ({@link #DIRECT_B_ROWS}) and B is not transposed: then packing would cost
     * as much as the product, and the micro-kernels read B's rows where they are (all but a last partial
     * panel). A single row goes to {@link #singleRow}.
     */
    static void sequential(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                           Buffers buf) {
        sequential(transA, transB, m, n, k, a, b, c, buf, readsAInPlace(transA, n));
    }

    /** As above; {@code inPlaceA} (only with A not transposed): read A's full slivers in place (tests force either). */
    static void sequential(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                           Buffers buf, boolean inPlaceA) {
        if (m == 1 && !transB) {
            singleRow(a, 0, b, c, 0, n, k);
            return;
        }
        boolean direct = !transB && m <= DIRECT_B_ROWS;
        int kcMax = kBlock(k);
        float[] ap = buf.a(Math.min(MC, roundUp(m, MR)) * kcMax);
        float[] bp = buf.b((direct ? NR : Math.min(NC, roundUp(n, NR))) * kcMax);
        float[] scratch = buf.tile, tmp = buf.tmp(kcMax);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                if (!direct) packB(transB, b, n, k, pc, kc, jc, nc, bp, 0, tmp);
                boolean add = pc > 0;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    // Rows [ic, ic + full) are read in place, the rest packed from ap[0].
                    int full = inPlaceA && !transA ? mc / MR * MR : 0;
                    if (full < mc) packA(transA, a, m, k, ic + full, mc - full, pc, kc, ap, 0);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr), w = nr > L ? NR : L;
                        float[] pb = bp;
                        int bo = jr * kc, ldb = w;
                        if (direct && nr == w) { // B's own rows
                            pb = b;
                            bo = pc * n + jc + jr;
                            ldb = n;
                        } else if (direct) { // a last partial panel, packed alone
                            packB(false, b, n, k, pc, kc, jc + jr, nr, bp, 0, tmp);
                            bo = 0;
                        }
                        for (int ir = 0; ir < mc; ir += MR) {
                            int co = (ic + ir) * n + jc + jr, mr = Math.min(MR, mc - ir);
                            if (ir < full) microTile(a, (ic + ir) * k + pc, k, pb, bo, ldb, kc, c, co, n, mr, nr, add, scratch);
                            else microTile(ap, (ir - full) * kc, 0, pb, bo, ldb, kc, c, co, n, mr, nr, add, scratch);
                        }
                    }
                }
            }
        }
    }

    /**
     * One row of C, c[co ..+ n) = a[ao ..+ k] B[k x n], B read in place, 4 vectors of columns at a time, then one,
     * then single columns; each element one chain over all of k (nothing to block: the row of A is the only reuse).
     */
    static void singleRow(float[] a, int ao, float[] b, float[] c, int co, int n, int k) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) GemmKernels.row(true, false, a, ao, 1, b, j, n, k, c, co + j);
        for (; j + L <= n; j += L) GemmKernels.row(false, false, a, ao, 1, b, j, n, k, c, co + j);
        for (; j < n; j++) {
            float s = 0f;
            for (int p = 0; p < k; p++) s = Math.fma(a[ao + p], b[p * n + j], s);
            c[co + j] = s;
        }
    }

    /**
     * C[co.., mr x nr] = (add ? C : +0) followed by the multiply-add chain over sliver x panel (panel row p at
     * {@code bp[bo + p*ldb]}). The sliver is packed at {@code ap[ao]} when {@code lda == 0}, else it is MR rows
     * of A read in place, row r at {@code ap[ao + r*lda]} (then mr == MR). Full tiles go straight to C; an
     * edge tile is computed whole in {@code scratch} (the packed operands are zero-padded), starting from the
     * valid part of C when adding, and its valid part copied back.
     */
    private static void microTile(float[] ap, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co,
                                  int ldc, int mr, int nr, boolean add, float[] scratch) {
        boolean wide = nr > L;
        if (mr == MR && nr == (wide ? NR : L)) {
            kernel(wide, add, ap, ao, lda, bp, bo, ldb, kc, c, co, ldc);
        } else {
            if (add) for (int r = 0; r < mr; r++) System.arraycopy(c, co + r * ldc, scratch, r * NR, nr);
            kernel(wide, add, ap, ao, lda, bp, bo, ldb, kc, scratch, 0, NR);
            for (int r = 0; r < mr; r++) System.arraycopy(scratch, r * NR, c, co + r * ldc, nr);
        }
    }

    private static void kernel(boolean wide, boolean add, float[] ap, int ao, int lda, float[] bp, int bo, int ldb, int kc,
                               float[] c, int co, int ldc) {
        if (lda == 0) {
            if (wide) GemmKernels.full(add, ap, ao, bp, bo, ldb, kc, c, co, ldc);
            else GemmKernels.narrow(add, ap, ao, bp, bo, ldb, kc, c, co, ldc);
        } else {
            if (wide) GemmKernels.fullRows(add, ap, ao, lda, bp, bo, ldb, kc, c, co, ldc);
            else GemmKernels.narrowRows(add, ap, ao, lda, bp, bo, ldb, kc, c, co, ldc);
        }
    }

    // ---- parallel path ----

    /**
     * The product on the calling thread and idle {@link Workers}, tiled for {@code threads} threads. For each block of up to
     * MB rows, NC columns and one k-block, op(A) and op(B) are packed into the caller's buffers, each MR-row
     * sliver and NR-column panel by whichever thread first needs it, and the C block is cut into tiles that
     * the threads take from a shared counter. The caller never waits for a helper to be scheduled: once
     * the tiles are all taken it waits only for helpers that are working on one.
     */
    static void parallel(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                         int threads) {
        parallel(transA, transB, m, n, k, a, b, c, threads, false);
    }

    /**
     * As {@link #parallel(boolean, boolean, int, int, int, float[], float[], float[], int)}; with {@code ownPacking}
     * (for tests) every thread packs every sliver and panel it uses itself, the path normally taken only when
     * another thread is busy packing it.
     */
    static void parallel(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                         int threads, boolean ownPacking) {
        parallel(transA, transB, m, n, k, a, b, c, threads, ownPacking, readsAInPlace(transA, n));
    }

    /** As above; {@code inPlaceA}: read A's full slivers in place (see {@link #sequential}). */
    static void parallel(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                         int threads, boolean ownPacking, boolean inPlaceA) {
        Buffers buf = BUFFERS.get();
        int kcMax = kBlock(k);
        int mbMax = Math.min(MB, m), ncMax = Math.min(NC, n);
        float[] ap = buf.a(roundUp(mbMax, MR) * kcMax);
        float[] bp = buf.b(roundUp(ncMax, NR) * kcMax);
        for (int ib = 0; ib < m; ib += MB) {
            int mb = Math.min(MB, m - ib);
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                for (int pc = 0; pc < k; pc += kcMax) {
                    int kc = Math.min(kcMax, k - pc);
                    new Job(transA, transB, m, n, k, a, b, c, ib, mb, jc, nc, pc, kc, ap, bp, threads, ownPacking,
                            inPlaceA && !transA).run();
                }
            }
        }
    }

    /** One block of a parallel product; see {@link #parallel}. */
    private static final class Job {
        private static final int FREE = 0, BUSY = 1, READY = 2;

        final boolean transA, transB;
        final int m, n, k, ib, mb, jc, nc, pc, kc;
        final float[] a, b, c, ap, bp;
        final boolean add;
        final int threads, slivers, panels, tileSlivers, tilePanels, rowGroups, colGroups, tiles;
        /** Whether tiles taken one after the other are in different rows (else in different columns). */
        final boolean rowsFirst;
        final AtomicIntegerArray aState, bState;
        /** Panels packed at a time into {@code bp} (see {@link #PANEL_GROUP}). */
        final int group;
        /** Every thread packs what it uses itself (tests: the path otherwise taken only on contention). */
        final boolean ownPacking;
        /** Full slivers are read from A in place (A not transposed), not packed. */
        final boolean inPlaceA;

        Job(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
            int ib, int mb, int jc, int nc, int pc, int kc, float[] ap, float[] bp, int threads, boolean ownPacking,
            boolean inPlaceA) {
            this.inPlaceA = inPlaceA;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.b = b;
            this.c = c;
            this.ib = ib;
            this.mb = mb;
            this.jc = jc;
            this.nc = nc;
            this.pc = pc;
            this.kc = kc;
            this.ap = ap;
            this.bp = bp;
            this.add = pc > 0;
            this.threads = threads;
            this.ownPacking = ownPacking;
            slivers = (mb + MR - 1) / MR;
            panels = (nc + NR - 1) / NR;
            // Tiles: row groups of up to MC rows (balanced) by as many panels as fit in half an L2. Then, until
            // there are a few tiles per thread (so that a thread slowed down by something else is made up for
            // by the others), rows are cut finer down to 2 slivers, and only then columns: tiles taken one
            // after the other run at the same time, and in different rows they write different cache lines
            // of C (tiles side by side in the same rows would share the lines at their edges, as vector rows
            // of a Java array need not start on a line) and pack different slivers. Unless B is much bigger
            // than A: then columns first, and tiles side by side run at the same time, so that each thread
            // packs and reads its own part of B.
            int ts = ceilDiv(slivers, ceilDiv(slivers, MC / MR)), tp = panels, want = 4 * threads;
            rowsFirst = nc < 4 * mb;
            while (tp > 1 && (long) tp * NR * kc > TILE_PANEL_FLOATS) tp = ceilDiv(tp, 2);
            while (ceilDiv(slivers, ts) * ceilDiv(panels, tp) < want) {
                if (rowsFirst && ts > 2) ts = ceilDiv(ts, 2);
                else if (tp > 1) tp = ceilDiv(tp, 2);
                else if (ts > 1) ts = ceilDiv(ts, 2);
                else break;
            }
            while (tp > 1 && (long) ts * tp * MR * NR * kc > TILE_MAX) tp = ceilDiv(tp, 2);
            tileSlivers = ts;
            tilePanels = tp;
            rowGroups = ceilDiv(slivers, ts);
            colGroups = ceilDiv(panels, tp);
            tiles = rowGroups * colGroups;
            aState = new AtomicIntegerArray(slivers);
            group = transB ? 1 : PANEL_GROUP;
            bState = new AtomicIntegerArray(ceilDiv(panels, group));
        }

        /**
         * Takes tiles from a shared counter on this thread and on idle workers ({@link Workers#forEach}, which
         * returns only when no thread is still on a tile: the packing buffers are the caller's).
         */
        void run() {
            if (!transB && !ownPacking && (long) kc * nc >= PACK_AHEAD_FLOATS) {
                // B packed first (see PACK_AHEAD_FLOATS), by rows split between the threads: each row one contiguous read.
                int rowsPerItem = Math.max(1, (int) Math.min(kc, PACK_ROWS_FLOATS / Math.max(1, nc)));
                Workers.forRange(kc, rowsPerItem, (p0, p1) -> packBRows(b, n, pc, kc, p0, p1, jc, nc, bp, 0));
                for (int g = 0; g < bState.length(); g++) bState.set(g, READY);
            }
            Workers.forEach(tiles, t -> tile(t, BUFFERS.get()));
        }

        private void tile(int t, Buffers buf) {
            float[] scratch = buf.tile, tmp = buf.tmp(kc);
            int rg = rowsFirst ? t % rowGroups : t / colGroups, cg = rowsFirst ? t / rowGroups : t % colGroups;
            int s0 = rg * tileSlivers, sn = Math.min(slivers, s0 + tileSlivers) - s0;
            int q0 = cg * tilePanels, qn = Math.min(panels, q0 + tilePanels) - q0;
            // Tiles taken one after the other run at the same time on different threads and mostly share
            // their panels (or slivers): start them at different points of their ranges, so that each
            // thread packs its own part instead of waiting for the other to pack what both need next.
            int qr = (int) ((long) t * qn / threads % qn), sr = (int) ((long) t * sn / threads % sn);
            // Sliver by sliver, and within a sliver panel by panel: C is then written row-segment after
            // row-segment (which the hardware prefetches), the sliver stays in L1 and the tile's few
            // panels (at most TILE_PANEL_FLOATS) in L2.
            for (int si = 0; si < sn; si++) {
                int s = s0 + (si + sr) % sn;
                int ir = s * MR;
                boolean inPlace = inPlaceA && mb - ir >= MR;
                float[] sa = inPlace ? a : sliver(s, buf);
                int so = inPlace ? (ib + ir) * k + pc : sa == ap ? ir * kc : 0, lda = inPlace ? k : 0;
                for (int qi = 0; qi < qn; qi++) {
                    int q = q0 + (qi + qr) % qn;
                    int jr = q * NR;
                    float[] pb = panel(q, buf, tmp);
                    int nr = Math.min(NR, nc - jr);
                    microTile(sa, so, lda, pb, pb == bp ? jr * kc : 0, nr > L ? NR : L, kc, c, (ib + ir) * n + jc + jr, n,
                            Math.min(MR, mb - ir), nr, add, scratch);
                }
            }
        }

        /**
         * Where sliver {@code s} is packed: the shared {@code ap} (at {@code s*MR*kc}) once it is there, packed
         * now by this thread if no other has started it; or, when another thread is still packing it, a copy
         * this thread packs into its own buffer (at 0) rather than wait: that thread may have been descheduled.
         */
        private float[] sliver(int s, Buffers buf) {
            int ir = s * MR, mr = Math.min(MR, mb - ir);
            if (!ownPacking) {
                if (aState.get(s) == READY) return ap;
                if (aState.compareAndSet(s, FREE, BUSY)) {
                    packA(transA, a, m, k, ib + ir, mr, pc, kc, ap, ir * kc);
                    aState.set(s, READY);
                    return ap;
                }
                for (int spins = 0, limit = Workers.contended() ? 0 : PACK_WAIT_SPINS; spins < limit; spins++) {
                    if (aState.get(s) == READY) return ap;
                    Thread.onSpinWait();
                }
            }
            float[] own = buf.ownA(kc);
            packA(transA, a, m, k, ib + ir, mr, pc, kc, own, 0);
            return own;
        }

        /**
         * Where panel {@code q} is packed: as {@link #sliver}, in {@code bp} at {@code q*NR*kc} or this thread's own.
         * Panels are packed into {@code bp} by {@link #group}s.
         */
        private float[] panel(int q, Buffers buf, float[] tmp) {
            int jr = q * NR, nr = Math.min(NR, nc - jr), g = q / group;
            if (!ownPacking) {
                if (bState.get(g) == READY) return bp;
                if (bState.compareAndSet(g, FREE, BUSY)) {
                    int j0 = g * group * NR;
                    packB(transB, b, n, k, pc, kc, jc + j0, Math.min(group * NR, nc - j0), bp, j0 * kc, tmp);
                    bState.set(g, READY);
                    return bp;
                }
                for (int spins = 0, limit = Workers.contended() ? 0 : PACK_WAIT_SPINS; spins < limit; spins++) {
                    if (bState.get(g) == READY) return bp;
                    Thread.onSpinWait();
                }
            }
            float[] own = buf.ownB(kc);
            packB(transB, b, n, k, pc, kc, jc + jr, nr, own, 0, tmp);
            return own;
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    // ---- packing ----

    /**
     * Packs op(B)[pc..pc+kc, jc..jc+nc) into panels starting at {@code off}; see
     * {@link #packB(float[], int, int, int, int, int, float[], int)}. {@code tmp}: 4*kc floats of scratch.
     */
    static void packB(boolean transB, float[] b, int n, int k, int pc, int kc, int jc, int nc, float[] bp, int off,
                      float[] tmp) {
        if (transB) packBTransposed(b, k, pc, kc, jc, nc, bp, off, tmp);
        else packB(b, n, pc, kc, jc, nc, bp, off);
    }

    /**
     * Packs op(A)[ic..ic+mc, pc..pc+kc) into slivers starting at {@code off}; see
     * {@link #packA(float[], int, int, int, int, int, float[], int)}.
     */
    static void packA(boolean transA, float[] a, int m, int k, int ic, int mc, int pc, int kc, float[] ap, int off) {
        if (transA) packATransposed(a, m, ic, mc, pc, kc, ap, off);
        else packA(a, k, ic, mc, pc, kc, ap, off);
    }

    /**
     * Packs rows pc..pc+kc, columns jc..jc+nc of a k x n row-major B into panels: the panel of columns
     * jc+jr.. (width w = NR, or L for a last panel of at most L columns) starts at off + jr*kc and holds
     * element (p, j) at p*w + j; missing columns are zero.
     */
    static void packB(float[] b, int n, int pc, int kc, int jc, int nc, float[] bp, int off) {
        packBRows(b, n, pc, kc, 0, kc, jc, nc, bp, off);
    }

    /**
     * Rows [p0, p1) of the block that {@link #packB(float[], int, int, int, int, int, float[], int)} packs (rows
     * pc..pc+kc), into the same places: threads can pack one block's B by rows, each its own range.
     */
    static void packBRows(float[] b, int n, int pc, int kc, int p0, int p1, int jc, int nc, float[] bp, int off) {
        int full = nc / NR * NR;
        // All whole panels at once, row by row: each row of B is one contiguous read of the full panels' columns.
        // Panel by panel, every row's NR floats lie on another page (B's rows are n floats apart), which the hardware
        // does not prefetch across: packing 3136 x 1024 took 6-8.5 ms on one AVX2 EPYC core that way, 3.3-5.2 ms in
        // groups of 4 panels (the product 64 x 3136 by 3136 x 1024, two threads: 12.5 -> 8.1 ms), and whole rows
        // made the product on one thread 1.25x faster again (64 x 1024 by 1024 x 3136 1.15x, 256 x 2048 by 2048 x
        // 2048 1.085x; A/B in one JVM).
        for (int p = p0; p < p1; p++) {
            int src = (pc + p) * n + jc, dst = off + p * NR;
            for (int jr = 0; jr < full; jr += NR, src += NR, dst += NR * kc) {
                for (int v = 0; v < NR; v += L) FloatVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
            }
        }
        for (int jr = full; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int w = nr > L ? NR : L;
            int dst = off + jr * kc + p0 * w;
            int src = (pc + p0) * n + jc + jr;
            if (nr == L) {
                for (int p = p0; p < p1; p++, src += n, dst += L) FloatVector.fromArray(S, b, src).intoArray(bp, dst);
            } else {
                for (int p = p0; p < p1; p++, src += n, dst += w) {
                    for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j];
                    for (int j = nr; j < w; j++) bp[dst + j] = 0f;
                }
            }
        }
    }

    /**
     * As {@link #packB} for B stored transposed (n x k row-major): element (p, j) of op(B) is b[j*k + p].
     * With 16-float vectors, groups of 4 columns and 16 rows go through {@link #transpose4x4Blocks}.
     */
    static void packBTransposed(float[] b, int k, int pc, int kc, int jc, int nc, float[] bp, int off, float[] tmp) {
        int p0 = T16 ? kc & ~15 : 0; // rows below p0 of whole 4-column groups are transposed with vectors
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int w = nr > L ? NR : L;
            int base = off + jr * kc;
            int j4 = p0 > 0 ? nr & ~3 : 0;
            for (int j = 0; j < j4; j += 4) {
                int src = (jc + jr + j) * k + pc;
                for (int p = 0; p < p0; p += 16) transpose4x4Blocks(b, src + p, k, tmp, 4 * p);
                for (int p = 0; p < p0; p += 16) scatter4x16(tmp, 4 * p, bp, base + p * w + j, w);
            }
            for (int j = 0; j < nr; j++) {
                int src = (jc + jr + j) * k + pc;
                for (int p = j < j4 ? p0 : 0; p < kc; p++) bp[base + p * w + j] = b[src + p];
            }
            for (int j = nr; j < w; j++) {
                for (int p = 0; p < kc; p++) bp[base + p * w + j] = 0f;
            }
        }
    }

    /**
     * Packs rows ic..ic+mc, columns pc..pc+kc of an m x k row-major A into slivers of MR rows: the sliver of
     * rows ic+ir.. starts at off + ir*kc and holds element (r, p) at p*MR + r; missing rows are zero. Plain
     * loops: measured, they beat the vector transposes used for B (whose masked 4-float stores are slow).
     */
    static void packA(float[] a, int k, int ic, int mc, int pc, int kc, float[] ap, int off) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = off + ir * kc;
            for (int r = 0; r < mr; r++) {
                int src = (ic + ir + r) * k + pc;
                int dst = base + r;
                for (int p = 0; p < kc; p++) ap[dst + p * MR] = a[src + p];
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < kc; p++) ap[base + r + p * MR] = 0f;
            }
        }
    }

    /**
     * As {@link #packA} for A stored transposed (k x m row-major): element (i, p) of op(A) is a[p*m + i], so
     * a sliver is a copy of MR adjacent columns, moved with a vector load (where it stays inside the array) and a
     * masked store when vectors hold 16 floats, or a plain store when they hold more than MR floats.
     */
    static void packATransposed(float[] a, int m, int ic, int mc, int pc, int kc, float[] ap, int off) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = off + ir * kc;
            int p = 0;
            int room = a.length - L - (ic + ir); // rows p with (pc + p) * m <= room can load L floats
            int pEnd = room < 0 ? 0 : Math.min(kc, room / m - pc + 1);
            if (T16 && mr == MR) {
                for (; p < pEnd; p++) FloatVector.fromArray(S, a, (pc + p) * m + ic + ir).intoArray(ap, base + p * MR, LOW8);
            } else if (mr == MR && L > MR) {
                // A whole vector per step, stored unmasked: its L - MR extra floats land on the places of the next
                // steps, which write them afterwards. The last steps, whose vector would reach past the sliver
                // (another thread may be packing the next one), are copied below.
                for (pEnd = Math.min(pEnd, Math.floorDiv(kc * MR - L, MR) + 1); p < pEnd; p++) {
                    FloatVector.fromArray(S, a, (pc + p) * m + ic + ir).intoArray(ap, base + p * MR);
                }
            }
            for (; p < kc; p++) {
                int src = (pc + p) * m + ic + ir;
                int dst = base + p * MR;
                for (int r = 0; r < mr; r++) ap[dst + r] = a[src + r];
                for (int r = mr; r < MR; r++) ap[dst + r] = 0f;
            }
        }
    }

    // ---- transposes for packing (only used when L == 16) ----

    /*
     * A 4 x 16 block is transposed in two steps, each its own method small enough for C1 (a vector method that
     * C1 gives up on can be left running as tier-2 code, with no intrinsics, for good; seen with this
     * transpose written as one method): transpose4x4Blocks leaves the block in tmp, scatter4x16 moves it to
     * the packed operand. The packers run all the first steps of a row of blocks before the second steps, so
     * that no load waits on the forwarding of a vector just stored (which is slow, or fails, for stores that
     * straddle cache lines, as Java arrays' vectors may).
     */

    /**
     * Loads 4 rows of 16 floats, {@code src[so + i*lds ..+16)}, and transposes each 4 x 4 block in place (two
     * stages of two-vector selects), so that lanes 4b..4b+3 of row i hold column 4b+i; stores the rows to
     * {@code tmp[to + i*L ..+L)}.
     */
    private static void transpose4x4Blocks(float[] src, int so, int lds, float[] tmp, int to) {
        FloatVector x0 = FloatVector.fromArray(S, src, so);
        FloatVector x1 = FloatVector.fromArray(S, src, so + lds);
        FloatVector x2 = FloatVector.fromArray(S, src, so + 2 * lds);
        FloatVector x3 = FloatVector.fromArray(S, src, so + 3 * lds);
        FloatVector y0 = T_LO2.selectFrom(x0, x2), y2 = T_HI2.selectFrom(x0, x2);
        FloatVector y1 = T_LO2.selectFrom(x1, x3), y3 = T_HI2.selectFrom(x1, x3);
        T_LO1.selectFrom(y0, y1).intoArray(tmp, to);
        T_HI1.selectFrom(y0, y1).intoArray(tmp, to + L);
        T_LO1.selectFrom(y2, y3).intoArray(tmp, to + 2 * L);
        T_HI1.selectFrom(y2, y3).intoArray(tmp, to + 3 * L);
    }

    /**
     * Lanes 4b..4b+3 of row i of {@code tmp[to ..)} (as left by transpose4x4Blocks) go to
     * {@code dst[d0 + (4b+i)*ldd ..+4)}, by masked stores: {@code dst[d0 + q*ldd + i] = src[so + i*lds + q]}.
     * Needs 16 floats of room past the last element written.
     */
    private static void scatter4x16(float[] tmp, int to, float[] dst, int d0, int ldd) {
        FloatVector x0 = FloatVector.fromArray(S, tmp, to);
        FloatVector x1 = FloatVector.fromArray(S, tmp, to + L);
        FloatVector x2 = FloatVector.fromArray(S, tmp, to + 2 * L);
        FloatVector x3 = FloatVector.fromArray(S, tmp, to + 3 * L);
        x0.intoArray(dst, d0, LANES0);
        x0.intoArray(dst, d0 + 4 * ldd - 4, LANES1);
        x0.intoArray(dst, d0 + 8 * ldd - 8, LANES2);
        x0.intoArray(dst, d0 + 12 * ldd - 12, LANES3);
        x1.intoArray(dst, d0 + ldd, LANES0);
        x1.intoArray(dst, d0 + 5 * ldd - 4, LANES1);
        x1.intoArray(dst, d0 + 9 * ldd - 8, LANES2);
        x1.intoArray(dst, d0 + 13 * ldd - 12, LANES3);
        x2.intoArray(dst, d0 + 2 * ldd, LANES0);
        x2.intoArray(dst, d0 + 6 * ldd - 4, LANES1);
        x2.intoArray(dst, d0 + 10 * ldd - 8, LANES2);
        x2.intoArray(dst, d0 + 14 * ldd - 12, LANES3);
        x3.intoArray(dst, d0 + 3 * ldd, LANES0);
        x3.intoArray(dst, d0 + 7 * ldd - 4, LANES1);
        x3.intoArray(dst, d0 + 11 * ldd - 8, LANES2);
        x3.intoArray(dst, d0 + 15 * ldd - 12, LANES3);
    }
}
