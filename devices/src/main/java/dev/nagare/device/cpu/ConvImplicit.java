package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.Workers;
import dev.nagare.ops.ConvGeometry.Window;

/**
 * The float32 NHWC convolution forward as an implicit GEMM (Vector API path only): no patch matrix. The input
 * is copied once into a zero-padded buffer (the padding's taps become real zeros, as in the patch matrix), and
 * the micro-kernel {@link GemmKernels#conv} gathers each tile's MR rows of the patch matrix straight from it:
 * the patch row of output pixel (image, oy, ox) is, for each filter row ky, {@code kw * c} consecutive floats of
 * the padded input (or, with a dilated width, kw runs of c). Each output element is the same chain of fused
 * multiply-adds over k = (ky, kx, c) in increasing order, starting from +0, as the im2col product through
 * {@link Gemm#sgemm}: the same bits.
 *
 * <p>Tiles of MR consecutive output pixels (across rows and images: each row is gathered on its own) by
 * panels of the packed filter; a tile runs over all of k at once, so the filter panel (k x NR) should fit in
 * L2: {@link #applies} sends deeper filters to im2col + GEMM.
 */
final class ConvImplicit {
    private ConvImplicit() {}

    private static final int MR = GemmKernels.MR, NR = GemmKernels.NR, L = GemmKernels.L;
    /** Deepest k (kh * kw * c) for which a filter panel of k x NR floats stays within a quarter of L2. */
    static final int MAX_K = Integer.getInteger("nagare.conv.implicitMaxK",
            (int) Math.max(256, CacheSizes.MACHINE.l2() / 4 / (4L * NR)));
    /** -Dnagare.conv.implicit=false: always im2col + GEMM (same bits, for comparisons). */
    static final boolean ENABLED = !"false".equals(System.getProperty("nagare.conv.implicit"));

    /** Tiles (of MR output pixels) that each filter panel serves in turn. -Dnagare.conv.blockTiles. */
    static final int BLOCK_TILES = Math.max(1, Integer.getInteger("nagare.conv.blockTiles", 16));

    /** -Dnagare.conv.strided=false: the gathering kernel for every tile (same bits, for comparisons). */
    static final boolean STRIDED = !"false".equals(System.getProperty("nagare.conv.strided"));

    /** Per-thread tile scratch: a block's row offsets and an MR x NR tile of C for edge tiles. */
    private static final class Scratch {
        final int[] rows = new int[BLOCK_TILES * MR];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Input channels up to which {@link #forward} is used with the gathering kernel. Measured on the AVX2 EPYC (one
     * thread, thread CPU time, alternating with im2col + GEMM in one process): 28x28x1 by 5x5x32 1.46-1.55x faster,
     * 14x14x32 by 5x5x64 0.94-1.04x, 56x56x64 by 3x3x64 0.91-0.98x; so wider inputs stay with im2col, unless the
     * layer's row stride has kernels of its own ({@link #stridedLayer}). -Dnagare.conv.implicitMaxChannels.
     */
    static final int MAX_CHANNELS = Integer.getInteger("nagare.conv.implicitMaxChannels", 32);

    /**
     * Whether a layer's tiles can mostly run the strided kernels ({@link GemmKernels#convStrided}): stride 1 across,
     * 32 or 64 input channels. A property of the shape alone (not of the machine's tile), so that choices made by it
     * are the same on every machine. With them ({@link #forwardByRows}), measured on the AVX2 EPYC (alternating in one
     * process with the gathering kernel on every tile): 14x14x32 by 5x5x64 forward 1.29-1.41x faster, 56x56x64 by
     * 3x3x64 1.39-1.44x; the gathering kernel had been about as fast as im2col + GEMM there.
     */
    static boolean stridedLayer(Window g) {
        return g.a().strideW() == 1 && GemmKernels.stridedRow(g.c());
    }

    /** Whether {@link #forward} takes this window (few input channels or a strided layer, a filter not too deep). */
    static boolean applies(Window g) {
        return ENABLED && (g.c() <= MAX_CHANNELS || stridedLayer(g)) && (long) g.kh() * g.kw() * g.c() <= MAX_K;
    }

    /**
     * out[n, oy, ox, o] (NHWC) = the convolution of x (NHWC) with w [kh, kw, c, oc]. {@code padded} and
     * {@code packed}: buffer numbers of the context for the padded input and the packed filter.
     */
    static void forward(KernelContext ctx, Window g, float[] x, float[] w, float[] out, int padded, int packed) {
        int n = g.n(), c = g.c(), oh = g.oh(), ow = g.ow(), oc = g.oc(), kh = g.kh(), kw = g.kw();
        int sh = g.a().strideH(), sw = g.a().strideW(), dh = g.a().dilH(), dw = g.a().dilW();
        int k = kh * kw * c;
        // The padded input: every tap of every window lies inside it.
        int pt = g.padTop(), pl = g.padLeft();
        int hp = Math.max(pt + g.h(), (oh - 1) * sh + (kh - 1) * dh + 1);
        int wp = Math.max(pl + g.w(), (ow - 1) * sw + (kw - 1) * dw + 1);
        boolean padding = pt != 0 || pl != 0 || hp != g.h() || wp != g.w();
        float[] xp = padding ? ctx.floats(padded, n * hp * wp * c) : x;
        if (padding) pad(g, x, xp, hp, wp);
        // The filter in panels of NR columns (a last one of L when that is enough), zero-padded.
        int panels = (oc + NR - 1) / NR;
        float[] bp = ctx.floats(packed, panels * NR * k + 2 * L);
        GemmVector.packB(w, oc, 0, k, 0, oc, bp, 0);
        // Segments of a patch row: one per filter row (kw * c floats), or one per tap when the width is dilated.
        int nseg = dw == 1 ? kh : kh * kw, seg = dw == 1 ? kw * c : c;
        int[] segs = new int[nseg];
        for (int s = 0; s < nseg; s++) {
            int ky = dw == 1 ? s : s / kw, kx = dw == 1 ? 0 : s % kw;
            segs[s] = (ky * dh * wp + kx * dw) * c;
        }
        int lda = sw * c;
        if (STRIDED && GemmKernels.convStrided(lda)) {
            forwardByRows(g, xp, hp, wp, bp, segs, seg, lda, out);
            return;
        }
        int m = n * oh * ow, tiles = (m + MR - 1) / MR, blocks = (tiles + BLOCK_TILES - 1) / BLOCK_TILES;
        int grain = (int) Math.max(1, GemmVector.PARALLEL_MIN / Math.max(1L, (long) BLOCK_TILES * MR * k * oc));
        Workers.forRange(blocks, grain, (from, to) -> {
            Scratch s = SCRATCH.get();
            int[] rows = s.rows;
            for (int blk = from; blk < to; blk++) {
                int t0 = blk * BLOCK_TILES, t1 = Math.min(tiles, t0 + BLOCK_TILES);
                for (int i = t0 * MR, e = t1 * MR; i < e; i++) {
                    int ii = Math.min(i, m - 1); // rows past the end repeat the last one (edge tile)
                    int img = ii / (oh * ow), oy = ii / ow % oh, ox = ii % ow;
                    rows[i - t0 * MR] = ((img * hp + oy * sh) * wp + ox * sw) * c;
                }
                // Panel by panel over the block's tiles: the panel is reused from cache by every tile.
                for (int j = 0; j < oc; j += NR) {
                    int nr = Math.min(NR, oc - j);
                    boolean wide = nr > L;
                    int bo = j * k;
                    for (int t = t0; t < t1; t++) {
                        int i0 = t * MR, mr = Math.min(MR, m - i0), co = i0 * oc + j, ro = (t - t0) * MR;
                        tile(xp, rows, ro, mr, segs, seg, bp, bo, wide, nr, out, co, oc, s);
                    }
                }
            }
        });
    }

    /**
     * One tile through the gathering kernel: {@code mr} rows at {@code rows[ro..]} (MR entries, the last repeated past
     * mr) by columns [j, j + nr) of C, whose panel of the packed filter starts at {@code bo}. Straight into C when
     * whole, else through the thread's scratch tile.
     */
    private static void tile(float[] xp, int[] rows, int ro, int mr, int[] segs, int seg, float[] bp, int bo, boolean wide,
                             int nr, float[] out, int co, int oc, Scratch s) {
        int ldb = wide ? NR : L;
        if (mr == MR && nr == ldb) {
            GemmKernels.conv(wide, xp, rows, ro, segs, segs.length, seg, bp, bo, ldb, out, co, oc);
        } else {
            GemmKernels.conv(wide, xp, rows, ro, segs, segs.length, seg, bp, bo, ldb, s.tile, 0, NR);
            for (int r = 0; r < mr; r++) System.arraycopy(s.tile, r * NR, out, co + r * oc, nr);
        }
    }

    /**
     * The forward pass of a strided layer ({@link GemmKernels#convStrided}): tiles of one output row have their rows
     * evenly spaced in the padded input, and the strided kernels take them, MR or 4 rows at a time ({@link #rowPlan});
     * what is left of a row (fewer than 4 pixels) and a last narrow panel take the gathering kernel. When a row
     * leaves 2 pixels after its tiles of MR ({@link #strips}: 14 = 6 + 6 + 2), those 2 pixels of MR/2 rows one under the
     * other make a tile of their own ({@link GemmKernels#convStrip}), so a row of 14 runs 12 of its pixels in 6 x 2 tiles
     * instead of 6 (with 6 + 4 + 4): the 4 x 2 tile has 8 chains of fused multiply-adds for the FMA's latency to hide,
     * 6 x 2 twelve. Blocks of whole output rows (about {@link #BLOCK_TILES} tiles' worth of pixels, within one image
     * when there are strips) are shared out between the threads. Same chains as every other path, so the same bits.
     */
    private static void forwardByRows(Window g, float[] xp, int hp, int wp, float[] bp, int[] segs, int seg, int lda,
                                      float[] out) {
        int n = g.n(), c = g.c(), oh = g.oh(), ow = g.ow(), oc = g.oc(), sh = g.a().strideH();
        int k = g.kh() * g.kw() * c, nseg = segs.length;
        boolean strips = strips(ow);
        int[] plan = strips ? stripRowPlan(ow) : rowPlan(ow);
        int down = MR / 2, rs = sh * wp * c, crs = ow * oc;
        int outputRows = n * oh, perBlock = Math.max(1, BLOCK_TILES * MR / ow);
        // With strips a block is rows of one image, a multiple of MR/2 of them (but for the image's last).
        int rowsPerBlock = strips ? Math.max(down, perBlock / down * down) : perBlock;
        int blocksPerImage = (oh + rowsPerBlock - 1) / rowsPerBlock;
        int blocks = strips ? n * blocksPerImage : (outputRows + perBlock - 1) / perBlock;
        int grain = (int) Math.max(1, GemmVector.PARALLEL_MIN / Math.max(1L, (long) rowsPerBlock * ow * k * oc));
        Workers.forRange(blocks, grain, (from, to) -> {
            Scratch s = SCRATCH.get();
            for (int blk = from; blk < to; blk++) {
                int y0, y1;
                if (strips) {
                    int img = blk / blocksPerImage, first = blk % blocksPerImage * rowsPerBlock;
                    y0 = img * oh + first;
                    y1 = img * oh + Math.min(oh, first + rowsPerBlock);
                } else {
                    y0 = blk * perBlock;
                    y1 = Math.min(outputRows, y0 + perBlock);
                }
                for (int j = 0; j < oc; j += NR) {
                    int nr = Math.min(NR, oc - j), bo = j * k;
                    boolean wide = nr > L;
                    for (int y = y0; y < y1; y++) {
                        int start = firstWindow(y, oh, hp, wp, sh, c);
                        for (int t = 0, ox = 0; t < plan.length; ox += plan[t++]) {
                            int width = plan[t], r0 = start + ox * lda, co = (y * ow + ox) * oc + j;
                            if (nr == NR && width >= 4) {
                                for (int sg = 0; sg < nseg; sg++) {
                                    GemmKernels.convStrided(width, lda, sg > 0, xp, r0 + segs[sg], bp, bo + sg * seg * NR, NR, seg,
                                            out, co, oc);
                                }
                            } else {
                                gatherRowTile(xp, r0, lda, width, segs, seg, bp, bo, wide, nr, out, co, oc, s);
                            }
                        }
                    }
                    if (!strips) continue;
                    // The last 2 pixels of the block's rows: MR/2 rows at a time, then 2, then 1.
                    for (int y = y0, rows; y < y1; y += rows) {
                        rows = y1 - y >= down ? down : Math.min(2, y1 - y);
                        int r0 = firstWindow(y, oh, hp, wp, sh, c) + (ow - 2) * lda, co = (y * ow + ow - 2) * oc + j;
                        if (nr == NR && rows >= 2) {
                            for (int sg = 0; sg < nseg; sg++) {
                                GemmKernels.convStrip(2 * rows, lda, sg > 0, xp, r0 + segs[sg], rs, bp, bo + sg * seg * NR, NR, seg,
                                        out, co, oc, crs);
                            }
                        } else {
                            for (int r = 0; r < rows; r++) {
                                gatherRowTile(xp, r0 + r * rs, lda, 2, segs, seg, bp, bo, wide, nr, out, co + r * crs, oc, s);
                            }
                        }
                    }
                }
            }
        });
    }

    /** Where the first window of output row {@code y} (of all images' rows) starts in the padded input. */
    private static int firstWindow(int y, int oh, int hp, int wp, int sh, int c) {
        return (y / oh * hp + y % oh * sh) * wp * c;
    }

    /** {@code width} consecutive pixels of one output row (windows {@code lda} apart from r0) through the gathering kernel. */
    private static void gatherRowTile(float[] xp, int r0, int lda, int width, int[] segs, int seg, float[] bp, int bo,
                                      boolean wide, int nr, float[] out, int co, int oc, Scratch s) {
        for (int r = 0; r < MR; r++) s.rows[r] = r0 + Math.min(r, width - 1) * lda;
        tile(xp, s.rows, 0, width, segs, seg, bp, bo, wide, nr, out, co, oc, s);
    }

    /** Whether rows of {@code ow} pixels leave 2 after their tiles of MR, which then go down the image in strips. */
    static boolean strips(int ow) {
        return ow % MR == 2;
    }

    /** The tiles of a row whose last 2 pixels go to strips ({@link #strips}): MR pixels each. */
    static int[] stripRowPlan(int ow) {
        int[] plan = new int[ow / MR];
        java.util.Arrays.fill(plan, MR);
        return plan;
    }

    /**
     * How an output row of {@code ow} pixels is cut into tiles when it has no strips: as many of MR as fit, then one
     * of 4 when 4 to MR - 1 pixels are left, or two of 4 in place of the last MR when MR + 2 = 8 are (14 = 6 + 4 + 4
     * with the 6 x 2 tile), then the rest (fewer than 4) as one tile for the gathering kernel.
     */
    static int[] rowPlan(int ow) {
        int full = ow / MR, rest = ow % MR;
        java.util.List<Integer> widths = new java.util.ArrayList<>();
        if (rest > 0 && rest < 4 && full > 0 && (MR + rest) % 4 == 0) {
            full--;
            rest += MR;
        }
        for (int i = 0; i < full; i++) widths.add(MR);
        while (rest >= 4) {
            widths.add(4);
            rest -= 4;
        }
        if (rest > 0) widths.add(rest);
        return widths.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Copies x (NHWC) into xp (n x hp x wp x c), shifted by the top and left padding, with zeros around it. */
    private static void pad(Window g, float[] x, float[] xp, int hp, int wp) {
        int n = g.n(), h = g.h(), w = g.w(), c = g.c(), pt = g.padTop(), pl = g.padLeft();
        int rowP = wp * c, left = pl * c, right = (wp - pl - w) * c;
        ElementwiseKernels.split(n * hp, rowP, (from, to) -> {
            for (int i = from; i < to; i++) {
                int img = i / hp, y = i % hp - pt, dst = i * rowP;
                if (y < 0 || y >= h) {
                    java.util.Arrays.fill(xp, dst, dst + rowP, 0f);
                    continue;
                }
                java.util.Arrays.fill(xp, dst, dst + left, 0f);
                System.arraycopy(x, (img * h + y) * w * c, xp, dst + left, w * c);
                java.util.Arrays.fill(xp, dst + left + w * c, dst + left + w * c + right, 0f);
            }
        });
    }
}
