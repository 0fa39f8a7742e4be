package dev.nagare.device.cuda;

import java.util.Arrays;

/**
 * How an elementwise kernel walks its inputs: the output's dimensions after merging neighbours that every input
 * walks alike, and each input's stride (in elements) along them, 0 where it is broadcast. Shapes align at the
 * right, as NumPy's. With at most {@link #MAX_RANK} dimensions left it travels to the kernel by value
 * ({@link #packed}); when every input is the output's shape the plan is {@link #same} and the kernel indexes
 * all of them by the element number alone.
 *
 * @param dims    the merged output dimensions, outermost first (none for a single element)
 * @param strides per input, its stride along each of {@code dims}
 */
public record BroadcastPlan(long[] dims, long[][] strides, long count) {
    public static final int MAX_RANK = 8, MAX_INPUTS = 3;

    /** The plan for inputs of shapes {@code inputs} broadcast to {@code out}; fails when one does not broadcast to it. */
    public static BroadcastPlan of(int[] out, int[]... inputs) {
        if (inputs.length > MAX_INPUTS) throw new IllegalArgumentException(inputs.length + " inputs: at most " + MAX_INPUTS);
        int rank = out.length;
        long count = 1;
        for (int d : out) count *= d;
        long[][] s = new long[inputs.length][rank];
        for (int i = 0; i < inputs.length; i++) {
            int[] in = inputs[i];
            if (in.length > rank) throw new IllegalArgumentException("shape " + Arrays.toString(in) + " has more axes than " + Arrays.toString(out));
            long stride = 1;
            for (int d = rank - 1; d >= 0; d--) {
                int k = d - (rank - in.length);
                int size = k < 0 ? 1 : in[k];
                if (size != out[d] && size != 1) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(in) + " does not broadcast to " + Arrays.toString(out));
                }
                s[i][d] = size == 1 ? 0 : stride;
                stride *= size;
            }
        }
        // Keep the dimensions of size > 1, merging each into the one before when every input steps through both as one.
        long[] dims = new long[rank];
        long[][] strides = new long[inputs.length][rank];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (out[d] == 1) continue;
            boolean merge = r > 0;
            for (int i = 0; merge && i < inputs.length; i++) merge = strides[i][r - 1] == s[i][d] * out[d];
            if (merge) {
                dims[r - 1] *= out[d];
                for (int i = 0; i < inputs.length; i++) strides[i][r - 1] = s[i][d];
            } else {
                dims[r] = out[d];
                for (int i = 0; i < inputs.length; i++) strides[i][r] = s[i][d];
                r++;
            }
        }
        if (count == 0) r = 0;
        if (r > MAX_RANK) throw new IllegalArgumentException("broadcasting needs " + r + " axes after merging; the GPU kernels take " + MAX_RANK);
        long[][] kept = new long[inputs.length][];
        for (int i = 0; i < inputs.length; i++) kept[i] = Arrays.copyOf(strides[i], r);
        return new BroadcastPlan(Arrays.copyOf(dims, r), kept, count);
    }

    /** Whether every input has the output's shape (or there is at most one element): no index arithmetic needed. */
    public boolean same() {
        if (dims.length == 0) return true;
        if (dims.length > 1) return false;
        for (long[] s : strides) if (s[0] != 1) return false;
        return true;
    }

    /**
     * The layout of the kernels' {@code NgBcast} struct: rank, dims[8], then strides[8] for each of 3 inputs,
     * all {@code long long} (no padding between them).
     */
    public long[] packed() {
        long[] p = new long[1 + MAX_RANK * (1 + MAX_INPUTS)];
        p[0] = dims.length;
        System.arraycopy(dims, 0, p, 1, dims.length);
        for (int i = 0; i < strides.length; i++) System.arraycopy(strides[i], 0, p, 1 + MAX_RANK * (1 + i), dims.length);
        return p;
    }

    /** The offset of element {@code index} of the output in input {@code input}: what the kernel computes. */
    public long offset(int input, long index) {
        long off = 0;
        for (int d = dims.length - 1; d >= 0; d--) {
            off += (index % dims[d]) * strides[input][d];
            index /= dims[d];
        }
        return off;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("broadcast dims " + Arrays.toString(dims));
        for (long[] s : strides) b.append(" strides ").append(Arrays.toString(s));
        return b.toString();
    }
}
