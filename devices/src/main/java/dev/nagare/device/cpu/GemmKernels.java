package dev.nagare.device.cpu;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link GemmVector}: which vector species and which MR x NV tile (MR rows of C by NV
 * vectors) the machine gets, and the micro-kernels themselves.
 *
 * <p>The tile is chosen by the vector width and the number of vector registers: MR * NV accumulators, NV
 * vectors of B and one broadcast of A must fit. AVX-512 (and AArch64) have 32 registers: 8 x 2 (19 in use).
 * AVX2 and SSE have 16: 6 x 2 (15 in use) or 4 x 3 (16). {@code -Dnagare.gemm.species=128|256|512} forces
 * a vector width (a width the machine lacks runs correctly, slowly, in the Vector API's Java fallback) and
 * {@code -Dnagare.gemm.tile=8x2|6x2|4x3} a tile, so tests reach every kernel on any machine.
 *
 * <p>Whatever the species and tile, element (i, j) of C is one chain of fused multiply-adds over p = 0, 1,
 * .., k-1 starting from +0 (the "Add" kernels load C into the accumulators and continue the chain where the
 * previous k-block left it). So results are bit for bit the same for every species, tile, blocking and
 * thread count, which is what keeps training reproducible from one machine to another.
 *
 * <p>The kernels are straight-line code (generated: one method per tile and per start, Set or Add; the 6 x NV
 * ones take two steps of p per loop trip, see {@link #tile}) with no branch on vector values: C2 boxes vectors
 * that meet at a Phi, which costs a factor of three or more.
 */
final class GemmKernels {
    private GemmKernels() {}

    /** The vector species: the machine's preferred one unless -Dnagare.gemm.species gives a width in bits. */
    static final VectorSpecies<Float> S = species(System.getProperty("nagare.gemm.species"));
    /** Floats per vector. */
    static final int L = S.length();
    /** Vector registers the machine has: 32 with AVX-512 or on AArch64, else 16 (AVX2, SSE). */
    static final int REGISTERS = L * Float.SIZE >= 512 || "aarch64".equals(System.getProperty("os.arch")) ? 32 : 16;
    /** The tile, "MRxNV": forced by -Dnagare.gemm.tile, else the one that fits the registers. */
    static final String TILE = tile(System.getProperty("nagare.gemm.tile"), REGISTERS);
    /** Rows of the register tile. */
    static final int MR = TILE.charAt(0) - '0';
    /** Vectors across the register tile. */
    static final int NV = TILE.charAt(2) - '0';
    /** Columns of the register tile. */
    static final int NR = NV * L;

    static VectorSpecies<Float> species(String bits) {
        if (bits == null || bits.isBlank() || bits.equals("preferred")) return FloatVector.SPECIES_PREFERRED;
        return switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("nagare.gemm.species must be 128, 256, 512 or preferred, got '" + bits + "'");
        };
    }

    /**
     * 8 x 2 with 32 registers, 6 x 2 with 16. With 16 ymm registers C2 cannot keep 8 x 2's 16 accumulators and its
     * operands in registers: six accumulators live on the stack, and each is loaded, added to and stored on every
     * step of p, a chain through memory that holds the kernel to about half of the FMA units' rate. 6 x 2 (12
     * accumulators) keeps all but one in registers, and its kernels take two steps of p per loop trip, so the one
     * that C2 spills is stored once per two multiply-adds (measured in thread CPU time on a 2-core EPYC, kc = 256:
     * 8 x 2 about 50 GFLOP/s, 6 x 2 one step per trip 40, two steps per trip 90). {@code registers}: the
     * machine's count of vector registers.
     */
    static String tile(String forced, int registers) {
        if (forced == null || forced.isBlank()) return registers >= 32 ? "8x2" : "6x2";
        String t = forced.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("8x2") && !t.equals("6x2") && !t.equals("4x3")) {
            throw new IllegalArgumentException("nagare.gemm.tile must be 8x2, 6x2 or 4x3, got '" + forced + "'");
        }
        return t;
    }

    /** The machine's vector unit in words, e.g. "256-bit vectors (8 floats), 16 registers, tile 6x2". */
    static String describe() {
        return String.format(Locale.ROOT, "%d-bit vectors (%d floats), %d registers, tile %s%s", L * Float.SIZE, L, REGISTERS,
                TILE, S.vectorShape() == VectorShape.preferredShape() ? "" : " (species forced)");
    }

    /**
     * C[MR x NR] at {@code co} = (add ? C : +0) followed by the chain over sliver[MR x kc] x panel[kc x NR]:
     * a full-width panel, row p of which is at {@code bp[bo + p*ldb ..]} (packed: ldb = NR; B itself: its width).
     */
    static void full(boolean add, float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        if (MR == 8) {
            if (add) k8x2Add(ap, ao, bp, bo, ldb, kc, c, co, ldc);
            else k8x2Set(ap, ao, bp, bo, ldb, kc, c, co, ldc);
        } else if (MR == 6) {
            if (add) k6x2Add(ap, ao, bp, bo, ldb, kc, c, co, ldc);
            else k6x2Set(ap, ao, bp, bo, ldb, kc, c, co, ldc);
        } else {
            if (add) k4x3Add(ap, ao, bp, bo, ldb, kc, c, co, ldc);
            else k4x3Set(ap, ao, bp, bo, ldb, kc, c, co, ldc);
        }
    }

    /** As {@link #full} for a last panel of one vector (L columns). */
    static void narrow(boolean add, float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        if (MR == 8) {
            if (add) k8x1Add(ap, ao, bp, bo, ldb, kc, c, co, ldc);
            else k8x1Set(ap, ao, bp, bo, ldb, kc, c, co, ldc);
        } else if (MR == 6) {
            if (add) k6x1Add(ap, ao, bp, bo, ldb, kc, c, co, ldc);
            else k6x1Set(ap, ao, bp, bo, ldb, kc, c, co, ldc);
        } else {
            if (add) k4x1Add(ap, ao, bp, bo, ldb, kc, c, co, ldc);
            else k4x1Set(ap, ao, bp, bo, ldb, kc, c, co, ldc);
        }
    }

    /**
     * As {@link #full}, with A read in place instead of from a packed sliver: row r of the tile's A is
     * {@code a[ao + r*lda ..+ kc)} (a row-major A with at least MR rows left). Same chains, same bits.
     */
    static void fullRows(boolean add, float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        if (MR == 8) {
            if (add) k8x2AddRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
            else k8x2SetRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
        } else if (MR == 6) {
            if (add) k6x2AddRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
            else k6x2SetRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
        } else {
            if (add) k4x3AddRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
            else k4x3SetRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
        }
    }

    /** As {@link #narrow}, with A read in place (see {@link #fullRows}). */
    static void narrowRows(boolean add, float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        if (MR == 8) {
            if (add) k8x1AddRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
            else k8x1SetRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
        } else if (MR == 6) {
            if (add) k6x1AddRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
            else k6x1SetRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
        } else {
            if (add) k4x1AddRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
            else k4x1SetRows(a, ao, lda, bp, bo, ldb, kc, c, co, ldc);
        }
    }

    /**
     * The implicit-GEMM convolution kernel ({@code ConvImplicit}): C[MR x NR] (wide) or C[MR x L] at {@code co} = +0
     * followed by the chain over the gathered rows of A times B, without a patch matrix. Row r of A is
     * {@code nseg} segments of {@code seg} floats of the padded input, segment s at {@code x[rows[ro + r] + segs[s] ..]},
     * and B's row for element p of segment s is {@code bp[bo + (s*seg + p)*ldb ..]}: the same chain, term for term,
     * as the product of the patch matrix (im2col) with the filter, so the same bits.
     */
    static void conv(boolean wide, float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb,
                     float[] c, int co, int ldc) {
        if (MR == 8) {
            if (wide) k8x2Conv(x, rows, ro, segs, nseg, seg, bp, bo, ldb, c, co, ldc);
            else k8x1Conv(x, rows, ro, segs, nseg, seg, bp, bo, ldb, c, co, ldc);
        } else if (MR == 6) {
            if (wide) k6x2Conv(x, rows, ro, segs, nseg, seg, bp, bo, ldb, c, co, ldc);
            else k6x1Conv(x, rows, ro, segs, nseg, seg, bp, bo, ldb, c, co, ldc);
        } else {
            if (wide) k4x3Conv(x, rows, ro, segs, nseg, seg, bp, bo, ldb, c, co, ldc);
            else k4x1Conv(x, rows, ro, segs, nseg, seg, bp, bo, ldb, c, co, ldc);
        }
    }

    /**
     * Whether the implicit-GEMM convolution has kernels of its own for tiles whose rows are {@code lda} floats apart
     * (a stride-1 layer with 32 or 64 input channels): full-width tiles of MR or of 4 rows, for the 8 x 2 and 6 x 2
     * tiles.
     */
    static boolean convStrided(int lda) {
        return NV == 2 && (MR == 8 || MR == 6) && stridedRow(lda);
    }

    /** Row strides (floats) that strided kernels are generated for, whatever the tile. */
    static boolean stridedRow(int lda) {
        return lda == 32 || lda == 64;
    }

    /**
     * As {@link #conv} (wide) for one segment of a tile of {@code rows} (MR or 4) rows, row r's element p at
     * {@code x[a + r*lda + p]}, p < kc, lda one of {@link #convStrided}'s: C = (add ? C : +0) followed by the chain
     * over the segment, so a caller that takes the segments in order, Set then Add, gets the same chains, the same
     * bits. The row offsets are constants, so the kernel keeps one index register instead of MR and takes four steps
     * of p per trip (measured on the AVX2 EPYC, 6 x 2 kernel alone: 0.7-0.85 of the FMA peak, the one-step gathering
     * kernel 0.44).
     */
    static void convStrided(int rows, int lda, boolean add, float[] x, int a, float[] bp, int bo, int ldb, int kc,
                            float[] c, int co, int ldc) {
        if (lda == 32) {
            if (rows == 4) {
                if (add) k4x2Conv32Add(x, a, bp, bo, ldb, kc, c, co, ldc);
                else k4x2Conv32Set(x, a, bp, bo, ldb, kc, c, co, ldc);
            } else if (MR == 8) {
                if (add) k8x2Conv32Add(x, a, bp, bo, ldb, kc, c, co, ldc);
                else k8x2Conv32Set(x, a, bp, bo, ldb, kc, c, co, ldc);
            } else {
                if (add) k6x2Conv32Add(x, a, bp, bo, ldb, kc, c, co, ldc);
                else k6x2Conv32Set(x, a, bp, bo, ldb, kc, c, co, ldc);
            }
        } else {
            if (rows == 4) {
                if (add) k4x2Conv64Add(x, a, bp, bo, ldb, kc, c, co, ldc);
                else k4x2Conv64Set(x, a, bp, bo, ldb, kc, c, co, ldc);
            } else if (MR == 8) {
                if (add) k8x2Conv64Add(x, a, bp, bo, ldb, kc, c, co, ldc);
                else k8x2Conv64Set(x, a, bp, bo, ldb, kc, c, co, ldc);
            } else {
                if (add) k6x2Conv64Add(x, a, bp, bo, ldb, kc, c, co, ldc);
                else k6x2Conv64Set(x, a, bp, bo, ldb, kc, c, co, ldc);
            }
        }
    }

    /**
     * As {@link #convStrided} for a tile of the last 2 pixels of {@code rows / 2} output rows one under the other
     * (MR or 4 rows, MR = 8 or 6): tile row r is pixel r % 2 of output row r / 2, whose windows start {@code rs} floats apart in the
     * input and whose outputs {@code crs} apart in C. Same chains per element as a tile of one row.
     */
    static void convStrip(int rows, int lda, boolean add, float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc,
                          float[] c, int co, int ldc, int crs) {
        if (lda == 32) {
            if (rows == 4) {
                if (add) k4x2Conv32StripAdd(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
                else k4x2Conv32StripSet(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
            } else if (rows == 8) {
                if (add) k8x2Conv32StripAdd(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
                else k8x2Conv32StripSet(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
            } else {
                if (add) k6x2Conv32StripAdd(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
                else k6x2Conv32StripSet(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
            }
        } else {
            if (rows == 4) {
                if (add) k4x2Conv64StripAdd(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
                else k4x2Conv64StripSet(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
            } else if (rows == 8) {
                if (add) k8x2Conv64StripAdd(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
                else k8x2Conv64StripSet(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
            } else {
                if (add) k6x2Conv64StripAdd(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
                else k6x2Conv64StripSet(x, a, rs, bp, bo, ldb, kc, c, co, ldc, crs);
            }
        }
    }

    /**
     * One row of C, {@code c[co ..+ 4L)} or {@code c[co ..+ L)} (wide or not) = (add ? C : +0) followed by the chain
     * over a[ao + p*lda] x bp[bo + p*ldb ..]: the product of a single row (a request of batch 1), which reads B
     * where it is, with no packing and no rows of zeros.
     */
    static void row(boolean wide, boolean add, float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co) {
        if (wide) {
            if (add) row4Add(a, ao, lda, bp, bo, ldb, kc, c, co);
            else row4Set(a, ao, lda, bp, bo, ldb, kc, c, co);
        } else {
            if (add) row1Add(a, ao, lda, bp, bo, ldb, kc, c, co);
            else row1Set(a, ao, lda, bp, bo, ldb, kc, c, co);
        }
    }

    // ---- generated micro-kernels: kMRxNV{Set,Add} (B read at bo + p*ldb), rowNV{Set,Add} (one row of C) ----

    static void k8x2Set(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
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
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k8x2Add(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc), c61 = FloatVector.fromArray(S, c, co + 6 * ldc + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc), c71 = FloatVector.fromArray(S, c, co + 7 * ldc + 1 * L);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
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
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k8x1Set(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
        c60.intoArray(c, co + 6 * ldc);
        c70.intoArray(c, co + 7 * ldc);
    }

    static void k8x1Add(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
        c60.intoArray(c, co + 6 * ldc);
        c70.intoArray(c, co + 7 * ldc);
    }

    static void k6x2Set(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bi0 = bo + p * ldb, ai0 = ao + p * 6;
            FloatVector b00 = FloatVector.fromArray(S, bp, bi0);
            FloatVector b01 = FloatVector.fromArray(S, bp, bi0 + 1 * L);
            FloatVector a00 = FloatVector.broadcast(S, ap[ai0]);
            c00 = a00.fma(b00, c00);
            c01 = a00.fma(b01, c01);
            FloatVector a01 = FloatVector.broadcast(S, ap[ai0 + 1]);
            c10 = a01.fma(b00, c10);
            c11 = a01.fma(b01, c11);
            FloatVector a02 = FloatVector.broadcast(S, ap[ai0 + 2]);
            c20 = a02.fma(b00, c20);
            c21 = a02.fma(b01, c21);
            FloatVector a03 = FloatVector.broadcast(S, ap[ai0 + 3]);
            c30 = a03.fma(b00, c30);
            c31 = a03.fma(b01, c31);
            FloatVector a04 = FloatVector.broadcast(S, ap[ai0 + 4]);
            c40 = a04.fma(b00, c40);
            c41 = a04.fma(b01, c41);
            FloatVector a05 = FloatVector.broadcast(S, ap[ai0 + 5]);
            c50 = a05.fma(b00, c50);
            c51 = a05.fma(b01, c51);
            int bi1 = bo + (p + 1) * ldb, ai1 = ao + (p + 1) * 6;
            FloatVector b10 = FloatVector.fromArray(S, bp, bi1);
            FloatVector b11 = FloatVector.fromArray(S, bp, bi1 + 1 * L);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai1]);
            c00 = a10.fma(b10, c00);
            c01 = a10.fma(b11, c01);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai1 + 1]);
            c10 = a11.fma(b10, c10);
            c11 = a11.fma(b11, c11);
            FloatVector a12 = FloatVector.broadcast(S, ap[ai1 + 2]);
            c20 = a12.fma(b10, c20);
            c21 = a12.fma(b11, c21);
            FloatVector a13 = FloatVector.broadcast(S, ap[ai1 + 3]);
            c30 = a13.fma(b10, c30);
            c31 = a13.fma(b11, c31);
            FloatVector a14 = FloatVector.broadcast(S, ap[ai1 + 4]);
            c40 = a14.fma(b10, c40);
            c41 = a14.fma(b11, c41);
            FloatVector a15 = FloatVector.broadcast(S, ap[ai1 + 5]);
            c50 = a15.fma(b10, c50);
            c51 = a15.fma(b11, c51);
        }
        for (; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
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
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k6x2Add(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L);
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bi0 = bo + p * ldb, ai0 = ao + p * 6;
            FloatVector b00 = FloatVector.fromArray(S, bp, bi0);
            FloatVector b01 = FloatVector.fromArray(S, bp, bi0 + 1 * L);
            FloatVector a00 = FloatVector.broadcast(S, ap[ai0]);
            c00 = a00.fma(b00, c00);
            c01 = a00.fma(b01, c01);
            FloatVector a01 = FloatVector.broadcast(S, ap[ai0 + 1]);
            c10 = a01.fma(b00, c10);
            c11 = a01.fma(b01, c11);
            FloatVector a02 = FloatVector.broadcast(S, ap[ai0 + 2]);
            c20 = a02.fma(b00, c20);
            c21 = a02.fma(b01, c21);
            FloatVector a03 = FloatVector.broadcast(S, ap[ai0 + 3]);
            c30 = a03.fma(b00, c30);
            c31 = a03.fma(b01, c31);
            FloatVector a04 = FloatVector.broadcast(S, ap[ai0 + 4]);
            c40 = a04.fma(b00, c40);
            c41 = a04.fma(b01, c41);
            FloatVector a05 = FloatVector.broadcast(S, ap[ai0 + 5]);
            c50 = a05.fma(b00, c50);
            c51 = a05.fma(b01, c51);
            int bi1 = bo + (p + 1) * ldb, ai1 = ao + (p + 1) * 6;
            FloatVector b10 = FloatVector.fromArray(S, bp, bi1);
            FloatVector b11 = FloatVector.fromArray(S, bp, bi1 + 1 * L);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai1]);
            c00 = a10.fma(b10, c00);
            c01 = a10.fma(b11, c01);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai1 + 1]);
            c10 = a11.fma(b10, c10);
            c11 = a11.fma(b11, c11);
            FloatVector a12 = FloatVector.broadcast(S, ap[ai1 + 2]);
            c20 = a12.fma(b10, c20);
            c21 = a12.fma(b11, c21);
            FloatVector a13 = FloatVector.broadcast(S, ap[ai1 + 3]);
            c30 = a13.fma(b10, c30);
            c31 = a13.fma(b11, c31);
            FloatVector a14 = FloatVector.broadcast(S, ap[ai1 + 4]);
            c40 = a14.fma(b10, c40);
            c41 = a14.fma(b11, c41);
            FloatVector a15 = FloatVector.broadcast(S, ap[ai1 + 5]);
            c50 = a15.fma(b10, c50);
            c51 = a15.fma(b11, c51);
        }
        for (; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
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
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k6x1Set(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bi0 = bo + p * ldb, ai0 = ao + p * 6;
            FloatVector b00 = FloatVector.fromArray(S, bp, bi0);
            FloatVector a00 = FloatVector.broadcast(S, ap[ai0]);
            c00 = a00.fma(b00, c00);
            FloatVector a01 = FloatVector.broadcast(S, ap[ai0 + 1]);
            c10 = a01.fma(b00, c10);
            FloatVector a02 = FloatVector.broadcast(S, ap[ai0 + 2]);
            c20 = a02.fma(b00, c20);
            FloatVector a03 = FloatVector.broadcast(S, ap[ai0 + 3]);
            c30 = a03.fma(b00, c30);
            FloatVector a04 = FloatVector.broadcast(S, ap[ai0 + 4]);
            c40 = a04.fma(b00, c40);
            FloatVector a05 = FloatVector.broadcast(S, ap[ai0 + 5]);
            c50 = a05.fma(b00, c50);
            int bi1 = bo + (p + 1) * ldb, ai1 = ao + (p + 1) * 6;
            FloatVector b10 = FloatVector.fromArray(S, bp, bi1);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai1]);
            c00 = a10.fma(b10, c00);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai1 + 1]);
            c10 = a11.fma(b10, c10);
            FloatVector a12 = FloatVector.broadcast(S, ap[ai1 + 2]);
            c20 = a12.fma(b10, c20);
            FloatVector a13 = FloatVector.broadcast(S, ap[ai1 + 3]);
            c30 = a13.fma(b10, c30);
            FloatVector a14 = FloatVector.broadcast(S, ap[ai1 + 4]);
            c40 = a14.fma(b10, c40);
            FloatVector a15 = FloatVector.broadcast(S, ap[ai1 + 5]);
            c50 = a15.fma(b10, c50);
        }
        for (; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
    }

    static void k6x1Add(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bi0 = bo + p * ldb, ai0 = ao + p * 6;
            FloatVector b00 = FloatVector.fromArray(S, bp, bi0);
            FloatVector a00 = FloatVector.broadcast(S, ap[ai0]);
            c00 = a00.fma(b00, c00);
            FloatVector a01 = FloatVector.broadcast(S, ap[ai0 + 1]);
            c10 = a01.fma(b00, c10);
            FloatVector a02 = FloatVector.broadcast(S, ap[ai0 + 2]);
            c20 = a02.fma(b00, c20);
            FloatVector a03 = FloatVector.broadcast(S, ap[ai0 + 3]);
            c30 = a03.fma(b00, c30);
            FloatVector a04 = FloatVector.broadcast(S, ap[ai0 + 4]);
            c40 = a04.fma(b00, c40);
            FloatVector a05 = FloatVector.broadcast(S, ap[ai0 + 5]);
            c50 = a05.fma(b00, c50);
            int bi1 = bo + (p + 1) * ldb, ai1 = ao + (p + 1) * 6;
            FloatVector b10 = FloatVector.fromArray(S, bp, bi1);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai1]);
            c00 = a10.fma(b10, c00);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai1 + 1]);
            c10 = a11.fma(b10, c10);
            FloatVector a12 = FloatVector.broadcast(S, ap[ai1 + 2]);
            c20 = a12.fma(b10, c20);
            FloatVector a13 = FloatVector.broadcast(S, ap[ai1 + 3]);
            c30 = a13.fma(b10, c30);
            FloatVector a14 = FloatVector.broadcast(S, ap[ai1 + 4]);
            c40 = a14.fma(b10, c40);
            FloatVector a15 = FloatVector.broadcast(S, ap[ai1 + 5]);
            c50 = a15.fma(b10, c50);
        }
        for (; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
    }

    static void k4x3Set(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c02.intoArray(c, co + 2 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c12.intoArray(c, co + 1 * ldc + 2 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
    }

    static void k4x3Add(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L), c02 = FloatVector.fromArray(S, c, co + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L), c12 = FloatVector.fromArray(S, c, co + 1 * ldc + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L), c22 = FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L), c32 = FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c02.intoArray(c, co + 2 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c12.intoArray(c, co + 1 * ldc + 2 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
    }

    static void k4x1Set(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
    }

    static void k4x1Add(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb, ai = ao + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
    }

    static void row4Set(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ao + p * lda]);
            c0 = x.fma(FloatVector.fromArray(S, bp, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, bp, bi + 1 * L), c1);
            c2 = x.fma(FloatVector.fromArray(S, bp, bi + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, bp, bi + 3 * L), c3);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + 1 * L);
        c2.intoArray(c, co + 2 * L);
        c3.intoArray(c, co + 3 * L);
    }

    static void row4Add(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co) {
        FloatVector c0 = FloatVector.fromArray(S, c, co), c1 = FloatVector.fromArray(S, c, co + 1 * L), c2 = FloatVector.fromArray(S, c, co + 2 * L), c3 = FloatVector.fromArray(S, c, co + 3 * L);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ao + p * lda]);
            c0 = x.fma(FloatVector.fromArray(S, bp, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, bp, bi + 1 * L), c1);
            c2 = x.fma(FloatVector.fromArray(S, bp, bi + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, bp, bi + 3 * L), c3);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + 1 * L);
        c2.intoArray(c, co + 2 * L);
        c3.intoArray(c, co + 3 * L);
    }

    static void row1Set(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ao + p * lda]);
            c0 = x.fma(FloatVector.fromArray(S, bp, bi), c0);
        }
        c0.intoArray(c, co);
    }

    static void row1Add(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co) {
        FloatVector c0 = FloatVector.fromArray(S, c, co);
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector x = FloatVector.broadcast(S, a[ao + p * lda]);
            c0 = x.fma(FloatVector.fromArray(S, bp, bi), c0);
        }
        c0.intoArray(c, co);
    }

    // ---- generated: kMRxNV{Set,Add}Rows, A read in place (row r at a[ao + r*lda + p]), one step of p per trip:
    // unrolled to two steps, as the packed 6 x NV kernels are, the 6 x 2 one measured a third slower (C2 keeps
    // the six row indices of both steps live) ----

    static void k8x2SetRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda, a4 = ao + 4 * lda, a5 = ao + 5 * lda, a6 = ao + 6 * lda, a7 = ao + 7 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x6.fma(b0, c60);
            c61 = x6.fma(b1, c61);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x7.fma(b0, c70);
            c71 = x7.fma(b1, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k8x2AddRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc), c61 = FloatVector.fromArray(S, c, co + 6 * ldc + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc), c71 = FloatVector.fromArray(S, c, co + 7 * ldc + 1 * L);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda, a4 = ao + 4 * lda, a5 = ao + 5 * lda, a6 = ao + 6 * lda, a7 = ao + 7 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x6.fma(b0, c60);
            c61 = x6.fma(b1, c61);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x7.fma(b0, c70);
            c71 = x7.fma(b1, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k8x1SetRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda, a4 = ao + 4 * lda, a5 = ao + 5 * lda, a6 = ao + 6 * lda, a7 = ao + 7 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.fma(b0, c50);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x6.fma(b0, c60);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x7.fma(b0, c70);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
        c60.intoArray(c, co + 6 * ldc);
        c70.intoArray(c, co + 7 * ldc);
    }

    static void k8x1AddRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda, a4 = ao + 4 * lda, a5 = ao + 5 * lda, a6 = ao + 6 * lda, a7 = ao + 7 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.fma(b0, c50);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x6.fma(b0, c60);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x7.fma(b0, c70);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
        c60.intoArray(c, co + 6 * ldc);
        c70.intoArray(c, co + 7 * ldc);
    }

    static void k6x2SetRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda, a4 = ao + 4 * lda, a5 = ao + 5 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k6x2AddRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda, a4 = ao + 4 * lda, a5 = ao + 5 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k6x1SetRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda, a4 = ao + 4 * lda, a5 = ao + 5 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.fma(b0, c50);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
    }

    static void k6x1AddRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda, a4 = ao + 4 * lda, a5 = ao + 5 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0, c40);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x5.fma(b0, c50);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
    }

    static void k4x3SetRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c02.intoArray(c, co + 2 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c12.intoArray(c, co + 1 * ldc + 2 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
    }

    static void k4x3AddRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L), c02 = FloatVector.fromArray(S, c, co + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L), c12 = FloatVector.fromArray(S, c, co + 1 * ldc + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L), c22 = FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L), c32 = FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c02.intoArray(c, co + 2 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c12.intoArray(c, co + 1 * ldc + 2 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
    }

    static void k4x1SetRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
    }

    static void k4x1AddRows(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
        int a0 = ao, a1 = ao + 1 * lda, a2 = ao + 2 * lda, a3 = ao + 3 * lda;
        int p = 0;
        for (; p < kc; p++) {
            int bi = bo + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
    }

    // ---- generated (devices/tools/gen_conv_kernels.py): kMRxNVConv, rows gathered from a padded input ----

    static void k8x2Conv(float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int r0 = rows[ro + 0], r1 = rows[ro + 1], r2 = rows[ro + 2], r3 = rows[ro + 3], r4 = rows[ro + 4], r5 = rows[ro + 5], r6 = rows[ro + 6], r7 = rows[ro + 7];
        int bi = bo;
        for (int s = 0; s < nseg; s++) {
            int so = segs[s];
            int a0 = r0 + so, a1 = r1 + so, a2 = r2 + so, a3 = r3 + so, a4 = r4 + so, a5 = r5 + so, a6 = r6 + so, a7 = r7 + so;
            for (int p = 0; p < seg; p++, bi += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
                FloatVector x0 = FloatVector.broadcast(S, x[a0 + p]);
                c00 = x0.fma(b0, c00);
                c01 = x0.fma(b1, c01);
                FloatVector x1 = FloatVector.broadcast(S, x[a1 + p]);
                c10 = x1.fma(b0, c10);
                c11 = x1.fma(b1, c11);
                FloatVector x2 = FloatVector.broadcast(S, x[a2 + p]);
                c20 = x2.fma(b0, c20);
                c21 = x2.fma(b1, c21);
                FloatVector x3 = FloatVector.broadcast(S, x[a3 + p]);
                c30 = x3.fma(b0, c30);
                c31 = x3.fma(b1, c31);
                FloatVector x4 = FloatVector.broadcast(S, x[a4 + p]);
                c40 = x4.fma(b0, c40);
                c41 = x4.fma(b1, c41);
                FloatVector x5 = FloatVector.broadcast(S, x[a5 + p]);
                c50 = x5.fma(b0, c50);
                c51 = x5.fma(b1, c51);
                FloatVector x6 = FloatVector.broadcast(S, x[a6 + p]);
                c60 = x6.fma(b0, c60);
                c61 = x6.fma(b1, c61);
                FloatVector x7 = FloatVector.broadcast(S, x[a7 + p]);
                c70 = x7.fma(b0, c70);
                c71 = x7.fma(b1, c71);
            }
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k8x1Conv(float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        int r0 = rows[ro + 0], r1 = rows[ro + 1], r2 = rows[ro + 2], r3 = rows[ro + 3], r4 = rows[ro + 4], r5 = rows[ro + 5], r6 = rows[ro + 6], r7 = rows[ro + 7];
        int bi = bo;
        for (int s = 0; s < nseg; s++) {
            int so = segs[s];
            int a0 = r0 + so, a1 = r1 + so, a2 = r2 + so, a3 = r3 + so, a4 = r4 + so, a5 = r5 + so, a6 = r6 + so, a7 = r7 + so;
            for (int p = 0; p < seg; p++, bi += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector x0 = FloatVector.broadcast(S, x[a0 + p]);
                c00 = x0.fma(b0, c00);
                FloatVector x1 = FloatVector.broadcast(S, x[a1 + p]);
                c10 = x1.fma(b0, c10);
                FloatVector x2 = FloatVector.broadcast(S, x[a2 + p]);
                c20 = x2.fma(b0, c20);
                FloatVector x3 = FloatVector.broadcast(S, x[a3 + p]);
                c30 = x3.fma(b0, c30);
                FloatVector x4 = FloatVector.broadcast(S, x[a4 + p]);
                c40 = x4.fma(b0, c40);
                FloatVector x5 = FloatVector.broadcast(S, x[a5 + p]);
                c50 = x5.fma(b0, c50);
                FloatVector x6 = FloatVector.broadcast(S, x[a6 + p]);
                c60 = x6.fma(b0, c60);
                FloatVector x7 = FloatVector.broadcast(S, x[a7 + p]);
                c70 = x7.fma(b0, c70);
            }
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
        c60.intoArray(c, co + 6 * ldc);
        c70.intoArray(c, co + 7 * ldc);
    }

    static void k6x2Conv(float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int r0 = rows[ro + 0], r1 = rows[ro + 1], r2 = rows[ro + 2], r3 = rows[ro + 3], r4 = rows[ro + 4], r5 = rows[ro + 5];
        int bi = bo;
        for (int s = 0; s < nseg; s++) {
            int so = segs[s];
            int a0 = r0 + so, a1 = r1 + so, a2 = r2 + so, a3 = r3 + so, a4 = r4 + so, a5 = r5 + so;
            for (int p = 0; p < seg; p++, bi += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
                FloatVector x0 = FloatVector.broadcast(S, x[a0 + p]);
                c00 = x0.fma(b0, c00);
                c01 = x0.fma(b1, c01);
                FloatVector x1 = FloatVector.broadcast(S, x[a1 + p]);
                c10 = x1.fma(b0, c10);
                c11 = x1.fma(b1, c11);
                FloatVector x2 = FloatVector.broadcast(S, x[a2 + p]);
                c20 = x2.fma(b0, c20);
                c21 = x2.fma(b1, c21);
                FloatVector x3 = FloatVector.broadcast(S, x[a3 + p]);
                c30 = x3.fma(b0, c30);
                c31 = x3.fma(b1, c31);
                FloatVector x4 = FloatVector.broadcast(S, x[a4 + p]);
                c40 = x4.fma(b0, c40);
                c41 = x4.fma(b1, c41);
                FloatVector x5 = FloatVector.broadcast(S, x[a5 + p]);
                c50 = x5.fma(b0, c50);
                c51 = x5.fma(b1, c51);
            }
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k6x1Conv(float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        int r0 = rows[ro + 0], r1 = rows[ro + 1], r2 = rows[ro + 2], r3 = rows[ro + 3], r4 = rows[ro + 4], r5 = rows[ro + 5];
        int bi = bo;
        for (int s = 0; s < nseg; s++) {
            int so = segs[s];
            int a0 = r0 + so, a1 = r1 + so, a2 = r2 + so, a3 = r3 + so, a4 = r4 + so, a5 = r5 + so;
            for (int p = 0; p < seg; p++, bi += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector x0 = FloatVector.broadcast(S, x[a0 + p]);
                c00 = x0.fma(b0, c00);
                FloatVector x1 = FloatVector.broadcast(S, x[a1 + p]);
                c10 = x1.fma(b0, c10);
                FloatVector x2 = FloatVector.broadcast(S, x[a2 + p]);
                c20 = x2.fma(b0, c20);
                FloatVector x3 = FloatVector.broadcast(S, x[a3 + p]);
                c30 = x3.fma(b0, c30);
                FloatVector x4 = FloatVector.broadcast(S, x[a4 + p]);
                c40 = x4.fma(b0, c40);
                FloatVector x5 = FloatVector.broadcast(S, x[a5 + p]);
                c50 = x5.fma(b0, c50);
            }
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, co + 4 * ldc);
        c50.intoArray(c, co + 5 * ldc);
    }

    static void k4x3Conv(float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        int r0 = rows[ro + 0], r1 = rows[ro + 1], r2 = rows[ro + 2], r3 = rows[ro + 3];
        int bi = bo;
        for (int s = 0; s < nseg; s++) {
            int so = segs[s];
            int a0 = r0 + so, a1 = r1 + so, a2 = r2 + so, a3 = r3 + so;
            for (int p = 0; p < seg; p++, bi += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
                FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
                FloatVector x0 = FloatVector.broadcast(S, x[a0 + p]);
                c00 = x0.fma(b0, c00);
                c01 = x0.fma(b1, c01);
                c02 = x0.fma(b2, c02);
                FloatVector x1 = FloatVector.broadcast(S, x[a1 + p]);
                c10 = x1.fma(b0, c10);
                c11 = x1.fma(b1, c11);
                c12 = x1.fma(b2, c12);
                FloatVector x2 = FloatVector.broadcast(S, x[a2 + p]);
                c20 = x2.fma(b0, c20);
                c21 = x2.fma(b1, c21);
                c22 = x2.fma(b2, c22);
                FloatVector x3 = FloatVector.broadcast(S, x[a3 + p]);
                c30 = x3.fma(b0, c30);
                c31 = x3.fma(b1, c31);
                c32 = x3.fma(b2, c32);
            }
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c02.intoArray(c, co + 2 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c12.intoArray(c, co + 1 * ldc + 2 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
    }

    static void k4x1Conv(float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        int r0 = rows[ro + 0], r1 = rows[ro + 1], r2 = rows[ro + 2], r3 = rows[ro + 3];
        int bi = bo;
        for (int s = 0; s < nseg; s++) {
            int so = segs[s];
            int a0 = r0 + so, a1 = r1 + so, a2 = r2 + so, a3 = r3 + so;
            for (int p = 0; p < seg; p++, bi += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector x0 = FloatVector.broadcast(S, x[a0 + p]);
                c00 = x0.fma(b0, c00);
                FloatVector x1 = FloatVector.broadcast(S, x[a1 + p]);
                c10 = x1.fma(b0, c10);
                FloatVector x2 = FloatVector.broadcast(S, x[a2 + p]);
                c20 = x2.fma(b0, c20);
                FloatVector x3 = FloatVector.broadcast(S, x[a3 + p]);
                c30 = x3.fma(b0, c30);
            }
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
    }

    static void k8x2Conv32Set(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 128]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 160]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + p + 192]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + p + 224]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 96]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + p + 1 + 160]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            FloatVector x16 = FloatVector.broadcast(S, x[a + p + 1 + 192]);
            c60 = x16.fma(y10, c60);
            c61 = x16.fma(y11, c61);
            FloatVector x17 = FloatVector.broadcast(S, x[a + p + 1 + 224]);
            c70 = x17.fma(y10, c70);
            c71 = x17.fma(y11, c71);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 96]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + p + 2 + 160]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            FloatVector x26 = FloatVector.broadcast(S, x[a + p + 2 + 192]);
            c60 = x26.fma(y20, c60);
            c61 = x26.fma(y21, c61);
            FloatVector x27 = FloatVector.broadcast(S, x[a + p + 2 + 224]);
            c70 = x27.fma(y20, c70);
            c71 = x27.fma(y21, c71);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 96]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + p + 3 + 160]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
            FloatVector x36 = FloatVector.broadcast(S, x[a + p + 3 + 192]);
            c60 = x36.fma(y30, c60);
            c61 = x36.fma(y31, c61);
            FloatVector x37 = FloatVector.broadcast(S, x[a + p + 3 + 224]);
            c70 = x37.fma(y30, c70);
            c71 = x37.fma(y31, c71);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 128]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 160]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + p + 192]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + p + 224]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k8x2Conv32Add(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc), c61 = FloatVector.fromArray(S, c, co + 6 * ldc + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc), c71 = FloatVector.fromArray(S, c, co + 7 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 128]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 160]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + p + 192]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + p + 224]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 96]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + p + 1 + 160]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            FloatVector x16 = FloatVector.broadcast(S, x[a + p + 1 + 192]);
            c60 = x16.fma(y10, c60);
            c61 = x16.fma(y11, c61);
            FloatVector x17 = FloatVector.broadcast(S, x[a + p + 1 + 224]);
            c70 = x17.fma(y10, c70);
            c71 = x17.fma(y11, c71);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 96]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + p + 2 + 160]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            FloatVector x26 = FloatVector.broadcast(S, x[a + p + 2 + 192]);
            c60 = x26.fma(y20, c60);
            c61 = x26.fma(y21, c61);
            FloatVector x27 = FloatVector.broadcast(S, x[a + p + 2 + 224]);
            c70 = x27.fma(y20, c70);
            c71 = x27.fma(y21, c71);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 96]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + p + 3 + 160]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
            FloatVector x36 = FloatVector.broadcast(S, x[a + p + 3 + 192]);
            c60 = x36.fma(y30, c60);
            c61 = x36.fma(y31, c61);
            FloatVector x37 = FloatVector.broadcast(S, x[a + p + 3 + 224]);
            c70 = x37.fma(y30, c70);
            c71 = x37.fma(y31, c71);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 128]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 160]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + p + 192]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + p + 224]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k6x2Conv32Set(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 128]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 160]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 96]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + p + 1 + 160]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 96]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + p + 2 + 160]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 96]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + p + 3 + 160]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 128]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 160]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k6x2Conv32Add(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 128]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 160]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 96]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + p + 1 + 160]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 96]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + p + 2 + 160]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 96]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + p + 3 + 160]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 128]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 160]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k4x2Conv32Set(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 96]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 96]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 96]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
    }

    static void k4x2Conv32Add(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 96]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 96]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 96]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 64]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 96]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
    }

    static void k8x2Conv64Set(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 256]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 320]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + p + 384]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + p + 448]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 192]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + p + 1 + 256]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + p + 1 + 320]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            FloatVector x16 = FloatVector.broadcast(S, x[a + p + 1 + 384]);
            c60 = x16.fma(y10, c60);
            c61 = x16.fma(y11, c61);
            FloatVector x17 = FloatVector.broadcast(S, x[a + p + 1 + 448]);
            c70 = x17.fma(y10, c70);
            c71 = x17.fma(y11, c71);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 192]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + p + 2 + 256]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + p + 2 + 320]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            FloatVector x26 = FloatVector.broadcast(S, x[a + p + 2 + 384]);
            c60 = x26.fma(y20, c60);
            c61 = x26.fma(y21, c61);
            FloatVector x27 = FloatVector.broadcast(S, x[a + p + 2 + 448]);
            c70 = x27.fma(y20, c70);
            c71 = x27.fma(y21, c71);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 192]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + p + 3 + 256]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + p + 3 + 320]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
            FloatVector x36 = FloatVector.broadcast(S, x[a + p + 3 + 384]);
            c60 = x36.fma(y30, c60);
            c61 = x36.fma(y31, c61);
            FloatVector x37 = FloatVector.broadcast(S, x[a + p + 3 + 448]);
            c70 = x37.fma(y30, c70);
            c71 = x37.fma(y31, c71);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 256]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 320]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + p + 384]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + p + 448]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k8x2Conv64Add(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc), c61 = FloatVector.fromArray(S, c, co + 6 * ldc + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc), c71 = FloatVector.fromArray(S, c, co + 7 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 256]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 320]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + p + 384]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + p + 448]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 192]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + p + 1 + 256]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + p + 1 + 320]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            FloatVector x16 = FloatVector.broadcast(S, x[a + p + 1 + 384]);
            c60 = x16.fma(y10, c60);
            c61 = x16.fma(y11, c61);
            FloatVector x17 = FloatVector.broadcast(S, x[a + p + 1 + 448]);
            c70 = x17.fma(y10, c70);
            c71 = x17.fma(y11, c71);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 192]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + p + 2 + 256]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + p + 2 + 320]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            FloatVector x26 = FloatVector.broadcast(S, x[a + p + 2 + 384]);
            c60 = x26.fma(y20, c60);
            c61 = x26.fma(y21, c61);
            FloatVector x27 = FloatVector.broadcast(S, x[a + p + 2 + 448]);
            c70 = x27.fma(y20, c70);
            c71 = x27.fma(y21, c71);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 192]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + p + 3 + 256]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + p + 3 + 320]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
            FloatVector x36 = FloatVector.broadcast(S, x[a + p + 3 + 384]);
            c60 = x36.fma(y30, c60);
            c61 = x36.fma(y31, c61);
            FloatVector x37 = FloatVector.broadcast(S, x[a + p + 3 + 448]);
            c70 = x37.fma(y30, c70);
            c71 = x37.fma(y31, c71);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 256]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 320]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + p + 384]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + p + 448]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
        c60.intoArray(c, co + 6 * ldc);
        c61.intoArray(c, co + 6 * ldc + 1 * L);
        c70.intoArray(c, co + 7 * ldc);
        c71.intoArray(c, co + 7 * ldc + 1 * L);
    }

    static void k6x2Conv64Set(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 256]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 320]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 192]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + p + 1 + 256]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + p + 1 + 320]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 192]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + p + 2 + 256]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + p + 2 + 320]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 192]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + p + 3 + 256]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + p + 3 + 320]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 256]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 320]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k6x2Conv64Add(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 256]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 320]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 192]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + p + 1 + 256]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + p + 1 + 320]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 192]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + p + 2 + 256]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + p + 2 + 320]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 192]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + p + 3 + 256]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + p + 3 + 320]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + p + 256]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + p + 320]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 1 * L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 1 * L);
    }

    static void k4x2Conv64Set(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 192]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 192]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 192]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
    }

    static void k4x2Conv64Add(float[] x, int a, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + p + 1 + 128]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + p + 1 + 192]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + p + 2 + 128]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + p + 2 + 192]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + p + 3 + 128]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + p + 3 + 192]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + p + 128]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + p + 192]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
    }

    // ---- generated (devices/tools/gen_conv_kernels.py --strips): kMRx2ConvLDAStrip{Set,Add}, 2 pixels of MR/2 output rows ----

    static void k8x2Conv32StripSet(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 32]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + 3 * rs + p]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + 3 * rs + p + 32]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 32]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1 + 32]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            FloatVector x16 = FloatVector.broadcast(S, x[a + 3 * rs + p + 1]);
            c60 = x16.fma(y10, c60);
            c61 = x16.fma(y11, c61);
            FloatVector x17 = FloatVector.broadcast(S, x[a + 3 * rs + p + 1 + 32]);
            c70 = x17.fma(y10, c70);
            c71 = x17.fma(y11, c71);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 32]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2 + 32]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            FloatVector x26 = FloatVector.broadcast(S, x[a + 3 * rs + p + 2]);
            c60 = x26.fma(y20, c60);
            c61 = x26.fma(y21, c61);
            FloatVector x27 = FloatVector.broadcast(S, x[a + 3 * rs + p + 2 + 32]);
            c70 = x27.fma(y20, c70);
            c71 = x27.fma(y21, c71);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 32]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3 + 32]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
            FloatVector x36 = FloatVector.broadcast(S, x[a + 3 * rs + p + 3]);
            c60 = x36.fma(y30, c60);
            c61 = x36.fma(y31, c61);
            FloatVector x37 = FloatVector.broadcast(S, x[a + 3 * rs + p + 3 + 32]);
            c70 = x37.fma(y30, c70);
            c71 = x37.fma(y31, c71);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 32]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + 3 * rs + p]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + 3 * rs + p + 32]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
        c40.intoArray(c, co + 2 * crs);
        c41.intoArray(c, co + 2 * crs + 1 * L);
        c50.intoArray(c, co + 2 * crs + 1 * ldc);
        c51.intoArray(c, co + 2 * crs + 1 * ldc + 1 * L);
        c60.intoArray(c, co + 3 * crs);
        c61.intoArray(c, co + 3 * crs + 1 * L);
        c70.intoArray(c, co + 3 * crs + 1 * ldc);
        c71.intoArray(c, co + 3 * crs + 1 * ldc + 1 * L);
    }

    static void k8x2Conv32StripAdd(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + crs), c21 = FloatVector.fromArray(S, c, co + crs + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + crs + 1 * ldc), c31 = FloatVector.fromArray(S, c, co + crs + 1 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 2 * crs), c41 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * ldc), c51 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * ldc + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 3 * crs), c61 = FloatVector.fromArray(S, c, co + 3 * crs + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 3 * crs + 1 * ldc), c71 = FloatVector.fromArray(S, c, co + 3 * crs + 1 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 32]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + 3 * rs + p]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + 3 * rs + p + 32]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 32]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1 + 32]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            FloatVector x16 = FloatVector.broadcast(S, x[a + 3 * rs + p + 1]);
            c60 = x16.fma(y10, c60);
            c61 = x16.fma(y11, c61);
            FloatVector x17 = FloatVector.broadcast(S, x[a + 3 * rs + p + 1 + 32]);
            c70 = x17.fma(y10, c70);
            c71 = x17.fma(y11, c71);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 32]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2 + 32]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            FloatVector x26 = FloatVector.broadcast(S, x[a + 3 * rs + p + 2]);
            c60 = x26.fma(y20, c60);
            c61 = x26.fma(y21, c61);
            FloatVector x27 = FloatVector.broadcast(S, x[a + 3 * rs + p + 2 + 32]);
            c70 = x27.fma(y20, c70);
            c71 = x27.fma(y21, c71);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 32]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3 + 32]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
            FloatVector x36 = FloatVector.broadcast(S, x[a + 3 * rs + p + 3]);
            c60 = x36.fma(y30, c60);
            c61 = x36.fma(y31, c61);
            FloatVector x37 = FloatVector.broadcast(S, x[a + 3 * rs + p + 3 + 32]);
            c70 = x37.fma(y30, c70);
            c71 = x37.fma(y31, c71);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 32]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + 3 * rs + p]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + 3 * rs + p + 32]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
        c40.intoArray(c, co + 2 * crs);
        c41.intoArray(c, co + 2 * crs + 1 * L);
        c50.intoArray(c, co + 2 * crs + 1 * ldc);
        c51.intoArray(c, co + 2 * crs + 1 * ldc + 1 * L);
        c60.intoArray(c, co + 3 * crs);
        c61.intoArray(c, co + 3 * crs + 1 * L);
        c70.intoArray(c, co + 3 * crs + 1 * ldc);
        c71.intoArray(c, co + 3 * crs + 1 * ldc + 1 * L);
    }

    static void k6x2Conv32StripSet(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 32]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 32]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1 + 32]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 32]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2 + 32]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 32]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3 + 32]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 32]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
        c40.intoArray(c, co + 2 * crs);
        c41.intoArray(c, co + 2 * crs + 1 * L);
        c50.intoArray(c, co + 2 * crs + 1 * ldc);
        c51.intoArray(c, co + 2 * crs + 1 * ldc + 1 * L);
    }

    static void k6x2Conv32StripAdd(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + crs), c21 = FloatVector.fromArray(S, c, co + crs + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + crs + 1 * ldc), c31 = FloatVector.fromArray(S, c, co + crs + 1 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 2 * crs), c41 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * ldc), c51 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 32]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 32]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1 + 32]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 32]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2 + 32]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 32]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3 + 32]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 32]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
        c40.intoArray(c, co + 2 * crs);
        c41.intoArray(c, co + 2 * crs + 1 * L);
        c50.intoArray(c, co + 2 * crs + 1 * ldc);
        c51.intoArray(c, co + 2 * crs + 1 * ldc + 1 * L);
    }

    static void k4x2Conv32StripSet(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 32]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 32]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 32]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
    }

    static void k4x2Conv32StripAdd(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + crs), c21 = FloatVector.fromArray(S, c, co + crs + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + crs + 1 * ldc), c31 = FloatVector.fromArray(S, c, co + crs + 1 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 32]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 32]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 32]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 32]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 32]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 32]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 32]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 32]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
    }

    static void k8x2Conv64StripSet(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 64]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + 3 * rs + p]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + 3 * rs + p + 64]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 64]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1 + 64]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            FloatVector x16 = FloatVector.broadcast(S, x[a + 3 * rs + p + 1]);
            c60 = x16.fma(y10, c60);
            c61 = x16.fma(y11, c61);
            FloatVector x17 = FloatVector.broadcast(S, x[a + 3 * rs + p + 1 + 64]);
            c70 = x17.fma(y10, c70);
            c71 = x17.fma(y11, c71);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 64]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2 + 64]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            FloatVector x26 = FloatVector.broadcast(S, x[a + 3 * rs + p + 2]);
            c60 = x26.fma(y20, c60);
            c61 = x26.fma(y21, c61);
            FloatVector x27 = FloatVector.broadcast(S, x[a + 3 * rs + p + 2 + 64]);
            c70 = x27.fma(y20, c70);
            c71 = x27.fma(y21, c71);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 64]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3 + 64]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
            FloatVector x36 = FloatVector.broadcast(S, x[a + 3 * rs + p + 3]);
            c60 = x36.fma(y30, c60);
            c61 = x36.fma(y31, c61);
            FloatVector x37 = FloatVector.broadcast(S, x[a + 3 * rs + p + 3 + 64]);
            c70 = x37.fma(y30, c70);
            c71 = x37.fma(y31, c71);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 64]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + 3 * rs + p]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + 3 * rs + p + 64]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
        c40.intoArray(c, co + 2 * crs);
        c41.intoArray(c, co + 2 * crs + 1 * L);
        c50.intoArray(c, co + 2 * crs + 1 * ldc);
        c51.intoArray(c, co + 2 * crs + 1 * ldc + 1 * L);
        c60.intoArray(c, co + 3 * crs);
        c61.intoArray(c, co + 3 * crs + 1 * L);
        c70.intoArray(c, co + 3 * crs + 1 * ldc);
        c71.intoArray(c, co + 3 * crs + 1 * ldc + 1 * L);
    }

    static void k8x2Conv64StripAdd(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + crs), c21 = FloatVector.fromArray(S, c, co + crs + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + crs + 1 * ldc), c31 = FloatVector.fromArray(S, c, co + crs + 1 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 2 * crs), c41 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * ldc), c51 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * ldc + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 3 * crs), c61 = FloatVector.fromArray(S, c, co + 3 * crs + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 3 * crs + 1 * ldc), c71 = FloatVector.fromArray(S, c, co + 3 * crs + 1 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 64]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + 3 * rs + p]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + 3 * rs + p + 64]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 64]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1 + 64]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            FloatVector x16 = FloatVector.broadcast(S, x[a + 3 * rs + p + 1]);
            c60 = x16.fma(y10, c60);
            c61 = x16.fma(y11, c61);
            FloatVector x17 = FloatVector.broadcast(S, x[a + 3 * rs + p + 1 + 64]);
            c70 = x17.fma(y10, c70);
            c71 = x17.fma(y11, c71);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 64]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2 + 64]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            FloatVector x26 = FloatVector.broadcast(S, x[a + 3 * rs + p + 2]);
            c60 = x26.fma(y20, c60);
            c61 = x26.fma(y21, c61);
            FloatVector x27 = FloatVector.broadcast(S, x[a + 3 * rs + p + 2 + 64]);
            c70 = x27.fma(y20, c70);
            c71 = x27.fma(y21, c71);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 64]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3 + 64]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
            FloatVector x36 = FloatVector.broadcast(S, x[a + 3 * rs + p + 3]);
            c60 = x36.fma(y30, c60);
            c61 = x36.fma(y31, c61);
            FloatVector x37 = FloatVector.broadcast(S, x[a + 3 * rs + p + 3 + 64]);
            c70 = x37.fma(y30, c70);
            c71 = x37.fma(y31, c71);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 64]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            FloatVector x06 = FloatVector.broadcast(S, x[a + 3 * rs + p]);
            c60 = x06.fma(y00, c60);
            c61 = x06.fma(y01, c61);
            FloatVector x07 = FloatVector.broadcast(S, x[a + 3 * rs + p + 64]);
            c70 = x07.fma(y00, c70);
            c71 = x07.fma(y01, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
        c40.intoArray(c, co + 2 * crs);
        c41.intoArray(c, co + 2 * crs + 1 * L);
        c50.intoArray(c, co + 2 * crs + 1 * ldc);
        c51.intoArray(c, co + 2 * crs + 1 * ldc + 1 * L);
        c60.intoArray(c, co + 3 * crs);
        c61.intoArray(c, co + 3 * crs + 1 * L);
        c70.intoArray(c, co + 3 * crs + 1 * ldc);
        c71.intoArray(c, co + 3 * crs + 1 * ldc + 1 * L);
    }

    static void k6x2Conv64StripSet(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 64]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 64]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1 + 64]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 64]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2 + 64]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 64]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3 + 64]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 64]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
        c40.intoArray(c, co + 2 * crs);
        c41.intoArray(c, co + 2 * crs + 1 * L);
        c50.intoArray(c, co + 2 * crs + 1 * ldc);
        c51.intoArray(c, co + 2 * crs + 1 * ldc + 1 * L);
    }

    static void k6x2Conv64StripAdd(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + crs), c21 = FloatVector.fromArray(S, c, co + crs + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + crs + 1 * ldc), c31 = FloatVector.fromArray(S, c, co + crs + 1 * ldc + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 2 * crs), c41 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * ldc), c51 = FloatVector.fromArray(S, c, co + 2 * crs + 1 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 64]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 64]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            FloatVector x14 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1]);
            c40 = x14.fma(y10, c40);
            c41 = x14.fma(y11, c41);
            FloatVector x15 = FloatVector.broadcast(S, x[a + 2 * rs + p + 1 + 64]);
            c50 = x15.fma(y10, c50);
            c51 = x15.fma(y11, c51);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 64]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            FloatVector x24 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2]);
            c40 = x24.fma(y20, c40);
            c41 = x24.fma(y21, c41);
            FloatVector x25 = FloatVector.broadcast(S, x[a + 2 * rs + p + 2 + 64]);
            c50 = x25.fma(y20, c50);
            c51 = x25.fma(y21, c51);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 64]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
            FloatVector x34 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3]);
            c40 = x34.fma(y30, c40);
            c41 = x34.fma(y31, c41);
            FloatVector x35 = FloatVector.broadcast(S, x[a + 2 * rs + p + 3 + 64]);
            c50 = x35.fma(y30, c50);
            c51 = x35.fma(y31, c51);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            FloatVector x04 = FloatVector.broadcast(S, x[a + 2 * rs + p]);
            c40 = x04.fma(y00, c40);
            c41 = x04.fma(y01, c41);
            FloatVector x05 = FloatVector.broadcast(S, x[a + 2 * rs + p + 64]);
            c50 = x05.fma(y00, c50);
            c51 = x05.fma(y01, c51);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
        c40.intoArray(c, co + 2 * crs);
        c41.intoArray(c, co + 2 * crs + 1 * L);
        c50.intoArray(c, co + 2 * crs + 1 * ldc);
        c51.intoArray(c, co + 2 * crs + 1 * ldc + 1 * L);
    }

    static void k4x2Conv64StripSet(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 64]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 64]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 64]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
    }

    static void k4x2Conv64StripAdd(float[] x, int a, int rs, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc, int crs) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + 1 * ldc), c11 = FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + crs), c21 = FloatVector.fromArray(S, c, co + crs + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + crs + 1 * ldc), c31 = FloatVector.fromArray(S, c, co + crs + 1 * ldc + 1 * L);
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
            int b1 = bo + (p + 1) * ldb;
            FloatVector y10 = FloatVector.fromArray(S, bp, b1);
            FloatVector y11 = FloatVector.fromArray(S, bp, b1 + 1 * L);
            FloatVector x10 = FloatVector.broadcast(S, x[a + p + 1]);
            c00 = x10.fma(y10, c00);
            c01 = x10.fma(y11, c01);
            FloatVector x11 = FloatVector.broadcast(S, x[a + p + 1 + 64]);
            c10 = x11.fma(y10, c10);
            c11 = x11.fma(y11, c11);
            FloatVector x12 = FloatVector.broadcast(S, x[a + rs + p + 1]);
            c20 = x12.fma(y10, c20);
            c21 = x12.fma(y11, c21);
            FloatVector x13 = FloatVector.broadcast(S, x[a + rs + p + 1 + 64]);
            c30 = x13.fma(y10, c30);
            c31 = x13.fma(y11, c31);
            int b2 = bo + (p + 2) * ldb;
            FloatVector y20 = FloatVector.fromArray(S, bp, b2);
            FloatVector y21 = FloatVector.fromArray(S, bp, b2 + 1 * L);
            FloatVector x20 = FloatVector.broadcast(S, x[a + p + 2]);
            c00 = x20.fma(y20, c00);
            c01 = x20.fma(y21, c01);
            FloatVector x21 = FloatVector.broadcast(S, x[a + p + 2 + 64]);
            c10 = x21.fma(y20, c10);
            c11 = x21.fma(y21, c11);
            FloatVector x22 = FloatVector.broadcast(S, x[a + rs + p + 2]);
            c20 = x22.fma(y20, c20);
            c21 = x22.fma(y21, c21);
            FloatVector x23 = FloatVector.broadcast(S, x[a + rs + p + 2 + 64]);
            c30 = x23.fma(y20, c30);
            c31 = x23.fma(y21, c31);
            int b3 = bo + (p + 3) * ldb;
            FloatVector y30 = FloatVector.fromArray(S, bp, b3);
            FloatVector y31 = FloatVector.fromArray(S, bp, b3 + 1 * L);
            FloatVector x30 = FloatVector.broadcast(S, x[a + p + 3]);
            c00 = x30.fma(y30, c00);
            c01 = x30.fma(y31, c01);
            FloatVector x31 = FloatVector.broadcast(S, x[a + p + 3 + 64]);
            c10 = x31.fma(y30, c10);
            c11 = x31.fma(y31, c11);
            FloatVector x32 = FloatVector.broadcast(S, x[a + rs + p + 3]);
            c20 = x32.fma(y30, c20);
            c21 = x32.fma(y31, c21);
            FloatVector x33 = FloatVector.broadcast(S, x[a + rs + p + 3 + 64]);
            c30 = x33.fma(y30, c30);
            c31 = x33.fma(y31, c31);
        }
        for (; p < kc; p++) {
            int b0 = bo + (p) * ldb;
            FloatVector y00 = FloatVector.fromArray(S, bp, b0);
            FloatVector y01 = FloatVector.fromArray(S, bp, b0 + 1 * L);
            FloatVector x00 = FloatVector.broadcast(S, x[a + p]);
            c00 = x00.fma(y00, c00);
            c01 = x00.fma(y01, c01);
            FloatVector x01 = FloatVector.broadcast(S, x[a + p + 64]);
            c10 = x01.fma(y00, c10);
            c11 = x01.fma(y01, c11);
            FloatVector x02 = FloatVector.broadcast(S, x[a + rs + p]);
            c20 = x02.fma(y00, c20);
            c21 = x02.fma(y01, c21);
            FloatVector x03 = FloatVector.broadcast(S, x[a + rs + p + 64]);
            c30 = x03.fma(y00, c30);
            c31 = x03.fma(y01, c31);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + crs);
        c21.intoArray(c, co + crs + 1 * L);
        c30.intoArray(c, co + crs + 1 * ldc);
        c31.intoArray(c, co + crs + 1 * ldc + 1 * L);
    }
}
