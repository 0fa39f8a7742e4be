package dev.nagare.device.cuda;

/**
 * A kernel's grid and block (x and y only; Nagare's kernels use no z) and its dynamic shared memory.
 *
 * @param gridX blocks along x, at most 2^31 - 1
 * @param gridY blocks along y, at most 65535
 */
public record LaunchConfig(int gridX, int gridY, int blockX, int sharedBytes) {
    /** Threads per block of the elementwise kernels: a multiple of the warp that fills an SM at any occupancy limit. */
    public static final int THREADS = 256;
    /**
     * Most blocks an elementwise launch makes; its kernels stride over the rest (grid-stride loops), so a
     * launch stays cheap to schedule and any n fits: 65,536 blocks of 256 threads cover 16.8M elements a pass,
     * more than an H100's 132 SMs x 2,048 resident threads by 60x.
     */
    public static final int MAX_BLOCKS = 65536;

    public LaunchConfig {
        if (gridX < 1 || gridY < 1 || gridY > 65535 || blockX < 1 || blockX > 1024 || sharedBytes < 0) {
            throw new IllegalArgumentException("bad launch: grid " + gridX + "x" + gridY + ", block " + blockX + ", shared " + sharedBytes);
        }
    }

    /** One thread per element for {@code n} elements (at least one block), grid-striding beyond {@link #MAX_BLOCKS} blocks. */
    public static LaunchConfig elementwise(long n) {
        long blocks = Math.max(1, (n + THREADS - 1) / THREADS);
        return new LaunchConfig((int) Math.min(blocks, MAX_BLOCKS), 1, THREADS, 0);
    }

    /**
     * One block per row for {@code rows} rows of {@code cols} elements (softmax, cross-entropy, block
     * reductions): threads the power of two that covers the row, from one warp to {@link #THREADS}, each
     * striding over the row; shared memory holds one partial result per thread, of {@code elementBytes}.
     * Rows beyond 65535 x 2^31 do not occur; rows past the grid's x limit go to y.
     */
    public static LaunchConfig perRow(long rows, long cols, int elementBytes) {
        int threads = 32;
        while (threads < THREADS && threads < cols) threads <<= 1;
        int gridX = (int) Math.min(Math.max(rows, 1), 65535);
        int gridY = (int) ((Math.max(rows, 1) + gridX - 1) / gridX);
        return new LaunchConfig(gridX, gridY, threads, threads * elementBytes);
    }

    /** Threads in the whole grid. */
    public long threads() { return (long) gridX * gridY * blockX; }
}
