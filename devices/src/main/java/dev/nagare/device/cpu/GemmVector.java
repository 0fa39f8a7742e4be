package dev.nagare.device.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path of {@link Gemm}: a GotoBLAS/BLIS-style single-precision GEMM.
 *
 * <ul>
 *   <li>op(B) is copied, one k-block ({@link #KC} rows) and up to {@link #NC} columns at a time, into
 *       panels {@link #NR} = 2 vectors wide (a narrower last panel of one vector when that is enough), laid
 *       out p-major so the micro-kernel reads it sequentially. Transposes only change how panels are packed.
 *   <li>op(A) is copied {@link #MC} rows at a time into slivers of {@link #MR} rows, p-major.
 *   <li>The micro-kernel keeps an MR x NR tile of C in 2*MR vector registers and does 2*MR fused
 *       multiply-adds per step of k; partial tiles at the edges are computed into a scratch tile and copied.
 *   <li>Big products are split over the cores (rows or column ranges) on a small dedicated pool; small ones
 *       run on the calling thread so they pay no hand-off.
 * </ul>
 */
final class GemmVector {
    private GemmVector() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector. */
    static final int L = S.length();
    /** Rows of the register tile (the generated micro-kernels below are written for 8). */
    static final int MR = 8;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;
    /**
     * Largest depth of a k-block; k is cut into equal blocks no deeper than this. Deep blocks mean few passes
     * over C (which is what limits big products); a B micro-panel KC x NR then lives in L2, which the
     * micro-kernel streams at full speed.
     */
    static final int KC = Integer.getInteger("nagare.gemm.kc", 1024);
    /** Rows of A packed at a time (a multiple of MR). */
    static final int MC = roundUp(Integer.getInteger("nagare.gemm.mc", 96), MR);
    /** Rows of A packed at a time by the parallel path (a multiple of MR). */
    static final int MB = roundUp(Integer.getInteger("nagare.gemm.mb", 2048), MR);
    /** Columns of B packed at a time (a multiple of NR). */
    static final int NC = roundUp(Integer.getInteger("nagare.gemm.nc", 1024), NR);
    /** Multiply-adds (m*n*k) from which a product is split across threads. */
    static final long PARALLEL_MIN = Long.getLong("nagare.gemm.parallelMin", 1L << 20);
    /** Most multiply-adds in one tile of the parallel path (a tile is the unit of work sharing). */
    static final long TILE_MAX = Long.getLong("nagare.gemm.tileMax", 1L << 24);
    /** Threads used for big products. */
    static final int THREADS = Math.max(1, Integer.getInteger("nagare.gemm.threads", Runtime.getRuntime().availableProcessors()));

    /** Whether packing uses {@link #transpose8x16} (16 floats per vector, as with AVX-512). */
    private static final boolean T16 = L == 16 && MR == 8 && !Boolean.getBoolean("nagare.gemm.noT16");
    /**
     * Index vectors of the three stages of {@link #transpose8x16} (blocks of h = 4, 2, 1 lanes):
     * {@code x[i], x[i+h] -> T_LOh.selectFrom(x[i], x[i+h]), T_HIh.selectFrom(x[i], x[i+h])}. Separate static
     * final fields, not an array: C2 then knows their exact class, which the select intrinsic needs
     * (without it every select allocates).
     */
    private static final FloatVector T_LO4 = stageIndex(4, false), T_HI4 = stageIndex(4, true);
    private static final FloatVector T_LO2 = stageIndex(2, false), T_HI2 = stageIndex(2, true);
    private static final FloatVector T_LO1 = stageIndex(1, false), T_HI1 = stageIndex(1, true);
    /** Lanes 0..7 and 8..15. */
    private static final VectorMask<Float> LOW8 = T16 ? VectorMask.fromLong(S, 0xFFL) : null;
    private static final VectorMask<Float> HIGH8 = T16 ? VectorMask.fromLong(S, 0xFF00L) : null;

    /** Within each 2h x 2h block of an 8 x 8 block the off-diagonal h x h blocks trade places. */
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
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class PoolHolder {
        static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, THREADS - 1), pool -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("nagare-gemm-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Same contract as {@link Gemm#sgemm}. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
        Gemm.check(m, n, k, a, b, c);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        if (THREADS > 1 && (long) m * n * k >= PARALLEL_MIN && (m > MR || n > NR)) {
            parallel(transA, transB, m, n, k, a, b, c, THREADS);
        } else {
            sequential(transA, transB, m, n, k, a, b, c, BUFFERS.get());
        }
    }

    /** Equal k-blocks no deeper than KC. */
    private static int kBlock(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /** The whole product on the calling thread: A packed MC rows at a time, just before use. */
    static void sequential(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                           Buffers buf) {
        int kcMax = kBlock(k);
        float[] ap = buf.a(Math.min(MC, roundUp(m, MR)) * kcMax);
        float[] bp = buf.b(Math.min(NC, roundUp(n, NR)) * kcMax);
        float[] scratch = buf.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                packB(transB, b, n, k, pc, kc, jc, nc, bp, 0);
                boolean add = pc > 0;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, m, k, ic, mc, pc, kc, ap, 0);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            microTile(ap, ir * kc, bp, jr * kc, kc, c, (ic + ir) * n + jc + jr, n,
                                    Math.min(MR, mc - ir), nr, add, scratch);
                        }
                    }
                }
            }
        }
    }

    /**
     * C[co.., mr x nr] (+)= sliver x panel. Full tiles go straight to C; edge tiles are computed whole into
     * {@code scratch} (the packed operands are zero-padded) and the valid part copied.
     */
    private static void microTile(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc,
                                  int mr, int nr, boolean add, float[] scratch) {
        boolean wide = nr > L;
        if (mr == MR && nr == (wide ? NR : L)) {
            if (wide) kernel2(ap, ao, bp, bo, kc, c, co, ldc, add);
            else kernel1(ap, ao, bp, bo, kc, c, co, ldc, add);
        } else {
            if (wide) kernel2(ap, ao, bp, bo, kc, scratch, 0, NR, false);
            else kernel1(ap, ao, bp, bo, kc, scratch, 0, NR, false);
            for (int r = 0; r < mr; r++) {
                int t = r * NR, ci = co + r * ldc;
                if (add) for (int j = 0; j < nr; j++) c[ci + j] += scratch[t + j];
                else System.arraycopy(scratch, t, c, ci, nr);
            }
        }
    }

    // ---- parallel path ----

    /**
     * The product on the calling thread and up to {@code threads - 1} pool threads. For each block of up to
     * MB rows, NC columns and one k-block, op(A) and op(B) are packed into the caller's buffers, each MR-row
     * sliver and NR-column panel by whichever thread first needs it, and the C block is cut into tiles that
     * the threads take from a shared counter. The caller never waits for a helper to be scheduled: once
     * the tiles are all taken it waits only for helpers that are working on one.
     */
    static void parallel(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                         int threads) {
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
                    new Job(transA, transB, m, n, k, a, b, c, ib, mb, jc, nc, pc, kc, ap, bp, threads).run();
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
        final int threads, slivers, panels, tileSlivers, tilePanels, colGroups, tiles;
        final AtomicIntegerArray aState, bState;
        final AtomicInteger next = new AtomicInteger();
        /** Threads inside {@link #work}, plus {@code Integer.MIN_VALUE} once closed to newcomers. */
        final AtomicInteger inside = new AtomicInteger();
        volatile Throwable failure;

        Job(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
            int ib, int mb, int jc, int nc, int pc, int kc, float[] ap, float[] bp, int threads) {
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
            slivers = (mb + MR - 1) / MR;
            panels = (nc + NR - 1) / NR;
            // Tiles: row groups of up to MC rows (balanced), and all columns; then columns cut finer, and
            // only then rows, until there are a few tiles per thread, so that a thread slowed down by
            // something else is made up for by the others. Within a tile each B panel is reused by all the
            // tile's slivers, so wide row groups keep the traffic for B low.
            int ts = ceilDiv(slivers, ceilDiv(slivers, MC / MR)), tp = panels, want = 4 * threads;
            while (ceilDiv(slivers, ts) * ceilDiv(panels, tp) < want
                    || (long) ts * tp * MR * NR * kc > TILE_MAX && tp > 1) {
                if (tp > 1) tp = ceilDiv(tp, 2);
                else if (ts > 1) ts = ceilDiv(ts, 2);
                else break;
            }
            tileSlivers = ts;
            tilePanels = tp;
            colGroups = ceilDiv(panels, tp);
            tiles = ceilDiv(slivers, ts) * colGroups;
            aState = new AtomicIntegerArray(slivers);
            bState = new AtomicIntegerArray(panels);
        }

        /** A helper's part: take tiles until none is left, unless the caller has already finished. */
        private void help() {
            int s;
            do {
                s = inside.get();
                if (s < 0) return; // closed: the caller has finished without us
            } while (!inside.compareAndSet(s, s + 1));
            try {
                work(BUFFERS.get().tile);
            } catch (Throwable t) {
                failure = t;
            } finally {
                inside.decrementAndGet();
            }
        }

        /** The caller's part: start the helpers, take tiles, then wait for the helpers still on one. */
        void run() {
            int helpers = Math.min(threads - 1, tiles - 1);
            for (int h = 0; h < helpers; h++) PoolHolder.POOL.execute(this::help);
            inside.incrementAndGet();
            try {
                work(BUFFERS.get().tile);
            } catch (Throwable t) {
                failure = t;
            }
            inside.decrementAndGet();
            inside.getAndUpdate(v -> v | Integer.MIN_VALUE);
            for (int spins = 0; (inside.get() & Integer.MAX_VALUE) != 0; spins++) pause(spins);
            Throwable t = failure;
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }

        private void work(float[] scratch) {
            for (int t; (t = next.getAndIncrement()) < tiles; ) {
                if (failure != null) return;
                int s0 = (t / colGroups) * tileSlivers, sn = Math.min(slivers, s0 + tileSlivers) - s0;
                int q0 = (t % colGroups) * tilePanels, qn = Math.min(panels, q0 + tilePanels) - q0;
                // Tiles taken one after the other run at the same time on different threads and often share
                // panels or slivers: start them at different points of their ranges, so that each thread
                // packs its own part instead of waiting for the other to pack what both need next.
                int qr = (int) ((long) t * qn / threads % qn), sr = (int) ((long) t * sn / threads % sn);
                for (int qi = 0; qi < qn; qi++) {
                    int q = q0 + (qi + qr) % qn;
                    ensureB(q);
                    int jr = q * NR, nr = Math.min(NR, nc - jr);
                    for (int si = 0; si < sn; si++) {
                        int s = s0 + (si + sr) % sn;
                        ensureA(s);
                        int ir = s * MR;
                        microTile(ap, ir * kc, bp, jr * kc, kc, c, (ib + ir) * n + jc + jr, n,
                                Math.min(MR, mb - ir), nr, add, scratch);
                    }
                }
            }
        }

        private void ensureA(int s) {
            if (aState.get(s) == READY) return;
            if (aState.compareAndSet(s, FREE, BUSY)) {
                int ir = s * MR;
                packA(transA, a, m, k, ib + ir, Math.min(MR, mb - ir), pc, kc, ap, ir * kc);
                aState.set(s, READY);
            } else {
                for (int spins = 0; aState.get(s) != READY; spins++) pause(spins);
            }
        }

        private void ensureB(int q) {
            if (bState.get(q) == READY) return;
            if (bState.compareAndSet(q, FREE, BUSY)) {
                int jr = q * NR;
                packB(transB, b, n, k, pc, kc, jc + jr, Math.min(NR, nc - jr), bp, jr * kc);
                bState.set(q, READY);
            } else {
                for (int spins = 0; bState.get(q) != READY; spins++) pause(spins);
            }
        }

        private void pause(int spins) {
            if (failure != null) throw new IllegalStateException("a GEMM helper failed", failure);
            if (spins < 2_000) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    // ---- packing ----

    /** Packs op(B)[pc..pc+kc, jc..jc+nc) into panels starting at {@code off}; see {@link #packB(float[], int, int, int, int, int, float[], int)}. */
    static void packB(boolean transB, float[] b, int n, int k, int pc, int kc, int jc, int nc, float[] bp, int off) {
        if (transB) packBTransposed(b, k, pc, kc, jc, nc, bp, off);
        else packB(b, n, pc, kc, jc, nc, bp, off);
    }

    /** Packs op(A)[ic..ic+mc, pc..pc+kc) into slivers starting at {@code off}; see {@link #packA(float[], int, int, int, int, int, float[], int)}. */
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
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int w = nr > L ? NR : L;
            int dst = off + jr * kc;
            int src = pc * n + jc + jr;
            if (nr == NR) {
                for (int p = 0; p < kc; p++, src += n, dst += NR) {
                    FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                    FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                }
            } else if (nr == L) {
                for (int p = 0; p < kc; p++, src += n, dst += L) FloatVector.fromArray(S, b, src).intoArray(bp, dst);
            } else {
                for (int p = 0; p < kc; p++, src += n, dst += w) {
                    for (int j = 0; j < nr; j++) bp[dst + j] = b[src + j];
                    for (int j = nr; j < w; j++) bp[dst + j] = 0f;
                }
            }
        }
    }

    /**
     * As {@link #packB} for B stored transposed (n x k row-major): element (p, j) of op(B) is b[j*k + p].
     * With 16-float vectors, groups of 8 columns and 16 rows go through {@link #transpose8x16}.
     */
    static void packBTransposed(float[] b, int k, int pc, int kc, int jc, int nc, float[] bp, int off) {
        int p0 = T16 ? kc & ~15 : 0; // rows below p0 of whole 8-column groups are transposed with vectors
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int w = nr > L ? NR : L;
            int base = off + jr * kc;
            int j8 = p0 > 0 ? nr & ~7 : 0;
            for (int j = 0; j < j8; j += 8) {
                int src = (jc + jr + j) * k + pc;
                for (int p = 0; p < p0; p += 16) transpose8x16(b, src + p, k, bp, base + p * w + j, w);
            }
            for (int j = 0; j < nr; j++) {
                int src = (jc + jr + j) * k + pc;
                for (int p = j < j8 ? p0 : 0; p < kc; p++) bp[base + p * w + j] = b[src + p];
            }
            for (int j = nr; j < w; j++) {
                for (int p = 0; p < kc; p++) bp[base + p * w + j] = 0f;
            }
        }
    }

    /**
     * Packs rows ic..ic+mc, columns pc..pc+kc of an m x k row-major A into slivers of MR rows: the sliver of
     * rows ic+ir.. starts at off + ir*kc and holds element (r, p) at p*MR + r; missing rows are zero. With
     * 16-float vectors, whole slivers go through {@link #transpose8x16}, 16 columns at a time.
     */
    static void packA(float[] a, int k, int ic, int mc, int pc, int kc, float[] ap, int off) {
        int p0 = T16 ? kc & ~15 : 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = off + ir * kc;
            int src = (ic + ir) * k + pc;
            int pStart = 0;
            if (mr == MR && p0 > 0) {
                for (int p = 0; p < p0; p += 16) transpose8x16(a, src + p, k, ap, base + p * MR, MR);
                pStart = p0;
            }
            for (int r = 0; r < mr; r++) {
                for (int p = pStart; p < kc; p++) ap[base + r + p * MR] = a[src + r * k + p];
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < kc; p++) ap[base + r + p * MR] = 0f;
            }
        }
    }

    /**
     * As {@link #packA} for A stored transposed (k x m row-major): element (i, p) of op(A) is a[p*m + i], so
     * a sliver is a copy of MR adjacent columns; pairs of slivers move as one vector when it holds 16 floats.
     */
    static void packATransposed(float[] a, int m, int ic, int mc, int pc, int kc, float[] ap, int off) {
        int ir = 0;
        if (T16) {
            for (; ir + 16 <= mc; ir += 16) {
                int lo = off + ir * kc, hi = lo + MR * kc - MR;
                for (int p = 0; p < kc; p++) {
                    FloatVector v = FloatVector.fromArray(S, a, (pc + p) * m + ic + ir);
                    v.intoArray(ap, lo + p * MR, LOW8);
                    v.intoArray(ap, hi + p * MR, HIGH8);
                }
            }
        }
        for (; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = off + ir * kc;
            for (int p = 0; p < kc; p++) {
                int src = (pc + p) * m + ic + ir;
                int dst = base + p * MR;
                for (int r = 0; r < mr; r++) ap[dst + r] = a[src + r];
                for (int r = mr; r < MR; r++) ap[dst + r] = 0f;
            }
        }
    }

    // ---- micro-kernels ----

    /**
     * C[MR x 2L] = (add ? C : 0) + sliver[MR x kc] panel[kc x 2L]. The two cases are separate methods with no
     * branch on vector values: C2 boxes vectors that meet at a Phi, which costs a factor of three or more.
     */
    static void kernel2(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc, boolean add) {
        if (add) kernel2Add(ap, ao, bp, bo, kc, c, co, ldc);
        else kernel2Set(ap, ao, bp, bo, kc, c, co, ldc);
    }

    /** C[MR x L] = (add ? C : 0) + sliver[MR x kc] panel[kc x L]; split like {@link #kernel2}. */
    static void kernel1(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc, boolean add) {
        if (add) kernel1Add(ap, ao, bp, bo, kc, c, co, ldc);
        else kernel1Set(ap, ao, bp, bo, kc, c, co, ldc);
    }

    static void kernel2Set(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR, ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        co += ldc;
        c10.intoArray(c, co);
        c11.intoArray(c, co + L);
        co += ldc;
        c20.intoArray(c, co);
        c21.intoArray(c, co + L);
        co += ldc;
        c30.intoArray(c, co);
        c31.intoArray(c, co + L);
        co += ldc;
        c40.intoArray(c, co);
        c41.intoArray(c, co + L);
        co += ldc;
        c50.intoArray(c, co);
        c51.intoArray(c, co + L);
        co += ldc;
        c60.intoArray(c, co);
        c61.intoArray(c, co + L);
        co += ldc;
        c70.intoArray(c, co);
        c71.intoArray(c, co + L);
    }

    static void kernel2Add(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR, ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c01.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        co += ldc;
        c10.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c11.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        co += ldc;
        c20.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c21.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        co += ldc;
        c30.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c31.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        co += ldc;
        c40.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c41.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        co += ldc;
        c50.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c51.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        co += ldc;
        c60.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c61.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
        co += ldc;
        c70.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        c71.add(FloatVector.fromArray(S, c, co + L)).intoArray(c, co + L);
    }

    static void kernel1Set(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector c0 = FloatVector.zero(S); FloatVector c1 = FloatVector.zero(S); FloatVector c2 = FloatVector.zero(S); FloatVector c3 = FloatVector.zero(S); FloatVector c4 = FloatVector.zero(S); FloatVector c5 = FloatVector.zero(S); FloatVector c6 = FloatVector.zero(S); FloatVector c7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + p * L);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, ap[ai + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, ap[ai + 7]).fma(b0, c7);
        }
        c0.intoArray(c, co);
        co += ldc;
        c1.intoArray(c, co);
        co += ldc;
        c2.intoArray(c, co);
        co += ldc;
        c3.intoArray(c, co);
        co += ldc;
        c4.intoArray(c, co);
        co += ldc;
        c5.intoArray(c, co);
        co += ldc;
        c6.intoArray(c, co);
        co += ldc;
        c7.intoArray(c, co);
    }

    static void kernel1Add(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector c0 = FloatVector.zero(S); FloatVector c1 = FloatVector.zero(S); FloatVector c2 = FloatVector.zero(S); FloatVector c3 = FloatVector.zero(S); FloatVector c4 = FloatVector.zero(S); FloatVector c5 = FloatVector.zero(S); FloatVector c6 = FloatVector.zero(S); FloatVector c7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + p * L);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, ap[ai + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, ap[ai + 7]).fma(b0, c7);
        }
        c0.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        co += ldc;
        c1.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        co += ldc;
        c2.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        co += ldc;
        c3.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        co += ldc;
        c4.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        co += ldc;
        c5.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        co += ldc;
        c6.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
        co += ldc;
        c7.add(FloatVector.fromArray(S, c, co)).intoArray(c, co);
    }

    // ---- transposes for packing (only used when L == 16) ----

    /**
     * Transposes 8 rows of 16 floats, {@code src[so + i*lds + q]} (i < 8, q < 16), into 16 rows of 8 floats,
     * {@code dst[d0 + q*ldd + i]}: three stages of two-vector selects leave, in vector i, column i of the
     * left 8 x 8 block in its lower half and column i of the right block in its upper half; each half
     * goes out with a masked store. Written out (no arrays of vectors) so that C2 keeps it all in registers.
     * Needs dst to have 8 floats of room past the last row written.
     */
    private static void transpose8x16(float[] src, int so, int lds, float[] dst, int d0, int ldd) {
        FloatVector x0 = FloatVector.fromArray(S, src, so);
        FloatVector x1 = FloatVector.fromArray(S, src, so + lds);
        FloatVector x2 = FloatVector.fromArray(S, src, so + 2 * lds);
        FloatVector x3 = FloatVector.fromArray(S, src, so + 3 * lds);
        FloatVector x4 = FloatVector.fromArray(S, src, so + 4 * lds);
        FloatVector x5 = FloatVector.fromArray(S, src, so + 5 * lds);
        FloatVector x6 = FloatVector.fromArray(S, src, so + 6 * lds);
        FloatVector x7 = FloatVector.fromArray(S, src, so + 7 * lds);
        FloatVector t, lo, hi;
        lo = T_LO4;
        hi = T_HI4;
        t = lo.selectFrom(x0, x4);
        x4 = hi.selectFrom(x0, x4);
        x0 = t;
        t = lo.selectFrom(x1, x5);
        x5 = hi.selectFrom(x1, x5);
        x1 = t;
        t = lo.selectFrom(x2, x6);
        x6 = hi.selectFrom(x2, x6);
        x2 = t;
        t = lo.selectFrom(x3, x7);
        x7 = hi.selectFrom(x3, x7);
        x3 = t;
        lo = T_LO2;
        hi = T_HI2;
        t = lo.selectFrom(x0, x2);
        x2 = hi.selectFrom(x0, x2);
        x0 = t;
        t = lo.selectFrom(x1, x3);
        x3 = hi.selectFrom(x1, x3);
        x1 = t;
        t = lo.selectFrom(x4, x6);
        x6 = hi.selectFrom(x4, x6);
        x4 = t;
        t = lo.selectFrom(x5, x7);
        x7 = hi.selectFrom(x5, x7);
        x5 = t;
        lo = T_LO1;
        hi = T_HI1;
        t = lo.selectFrom(x0, x1);
        x1 = hi.selectFrom(x0, x1);
        x0 = t;
        t = lo.selectFrom(x2, x3);
        x3 = hi.selectFrom(x2, x3);
        x2 = t;
        t = lo.selectFrom(x4, x5);
        x5 = hi.selectFrom(x4, x5);
        x4 = t;
        t = lo.selectFrom(x6, x7);
        x7 = hi.selectFrom(x6, x7);
        x6 = t;
        x0.intoArray(dst, d0, LOW8);
        x0.intoArray(dst, d0 + 8 * ldd - 8, HIGH8);
        x1.intoArray(dst, d0 + ldd, LOW8);
        x1.intoArray(dst, d0 + 9 * ldd - 8, HIGH8);
        x2.intoArray(dst, d0 + 2 * ldd, LOW8);
        x2.intoArray(dst, d0 + 10 * ldd - 8, HIGH8);
        x3.intoArray(dst, d0 + 3 * ldd, LOW8);
        x3.intoArray(dst, d0 + 11 * ldd - 8, HIGH8);
        x4.intoArray(dst, d0 + 4 * ldd, LOW8);
        x4.intoArray(dst, d0 + 12 * ldd - 8, HIGH8);
        x5.intoArray(dst, d0 + 5 * ldd, LOW8);
        x5.intoArray(dst, d0 + 13 * ldd - 8, HIGH8);
        x6.intoArray(dst, d0 + 6 * ldd, LOW8);
        x6.intoArray(dst, d0 + 14 * ldd - 8, HIGH8);
        x7.intoArray(dst, d0 + 7 * ldd, LOW8);
        x7.intoArray(dst, d0 + 15 * ldd - 8, HIGH8);
    }
}
