package dev.nagare.device.cuda;

import java.util.Arrays;

/**
 * How a reduction kernel walks its input: the kept dimensions (one output element per combination) and the
 * reduced ones, each with its input stride, after dropping dimensions of size 1 and merging neighbours of the
 * same kind. Output element {@code o} folds the input elements at {@code base(o) + offset(k)} for
 * {@code k < reducedCount}. {@link #blockPerOutput} picks the kernel: a block of threads per output element
 * (tree-combined in shared memory) where each output folds many elements or the folded ones are contiguous, a
 * thread per output element otherwise (there neighbouring threads read neighbouring elements).
 */
public record ReductionPlan(long[] outDims, long[] outStrides, long[] redDims, long[] redStrides,
                            long outCount, long reducedCount, boolean blockPerOutput) {
    public static final int MAX_RANK = 8;

    /** The plan for reducing an input of shape {@code dims} over {@code axes} (negative: from the end; repeats allowed). */
    public static ReductionPlan of(int[] dims, int[] axes) {
        int rank = dims.length;
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            int ax = a < 0 ? a + rank : a;
            if (ax < 0 || ax >= rank) throw new IllegalArgumentException("axis " + a + " is out of range for rank " + rank);
            reduced[ax] = true;
        }
        long[] stride = new long[rank];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--) { stride[d] = s; s *= dims[d]; }
        long[] od = new long[rank], os = new long[rank], rd = new long[rank], rs = new long[rank];
        int no = 0, nr = 0;
        boolean lastReduced = false;
        long outCount = 1, redCount = 1;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) redCount *= dims[d]; else outCount *= dims[d];
            if (dims[d] == 1) continue;
            boolean merge = d > 0 && (reduced[d] ? nr > 0 && lastReduced : no > 0 && !lastReduced);
            if (reduced[d]) {
                if (merge && rs[nr - 1] == stride[d] * dims[d]) { rd[nr - 1] *= dims[d]; rs[nr - 1] = stride[d]; }
                else { rd[nr] = dims[d]; rs[nr] = stride[d]; nr++; }
            } else {
                if (merge && os[no - 1] == stride[d] * dims[d]) { od[no - 1] *= dims[d]; os[no - 1] = stride[d]; }
                else { od[no] = dims[d]; os[no] = stride[d]; no++; }
            }
            lastReduced = reduced[d];
        }
        if (no > MAX_RANK || nr > MAX_RANK) throw new IllegalArgumentException("reduction of " + Arrays.toString(dims) + " over "
                + Arrays.toString(axes) + " needs more than " + MAX_RANK + " axes after merging");
        boolean innerContiguous = nr > 0 && rs[nr - 1] == 1;
        boolean block = redCount >= 32 && (innerContiguous || outCount < 1024 && redCount >= 1024);
        return new ReductionPlan(Arrays.copyOf(od, no), Arrays.copyOf(os, no), Arrays.copyOf(rd, nr), Arrays.copyOf(rs, nr),
                outCount, redCount, block);
    }

    /** Where output element {@code o}'s folded elements start in the input. */
    public long base(long o) { return walk(o, outDims, outStrides); }

    /** The input offset of the {@code k}-th element an output folds, relative to its {@link #base}. */
    public long offset(long k) { return walk(k, redDims, redStrides); }

    private static long walk(long index, long[] dims, long[] strides) {
        long off = 0;
        for (int d = dims.length - 1; d >= 0; d--) {
            off += (index % dims[d]) * strides[d];
            index /= dims[d];
        }
        return off;
    }

    /** The kernels' {@code NgRed} struct: outRank, outDims[8], outStrides[8], redRank, redDims[8], redStrides[8], all long long. */
    public long[] packed() {
        long[] p = new long[2 + 4 * MAX_RANK];
        p[0] = outDims.length;
        System.arraycopy(outDims, 0, p, 1, outDims.length);
        System.arraycopy(outStrides, 0, p, 1 + MAX_RANK, outStrides.length);
        p[1 + 2 * MAX_RANK] = redDims.length;
        System.arraycopy(redDims, 0, p, 2 + 2 * MAX_RANK, redDims.length);
        System.arraycopy(redStrides, 0, p, 2 + 3 * MAX_RANK, redStrides.length);
        return p;
    }

    /** The launch: a block per output (row) or a thread per output. */
    public LaunchConfig launch(int elementBytes) {
        return blockPerOutput ? LaunchConfig.perRow(outCount, reducedCount, elementBytes) : LaunchConfig.elementwise(outCount);
    }

    @Override
    public String toString() {
        return "reduce out " + Arrays.toString(outDims) + "/" + Arrays.toString(outStrides) + " folding " + Arrays.toString(redDims) + "/"
                + Arrays.toString(redStrides) + (blockPerOutput ? " (block per output)" : " (thread per output)");
    }
}
