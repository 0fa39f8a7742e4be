package dev.nagare.samples.mnist;

import java.io.PrintStream;
import java.util.Locale;

/** One console line redrawn in place: epoch, a bar, examples per second and the running loss. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private long lastDraw;

    ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Redraws at most ten times a second, and always when {@code done == total}. */
    void update(int epoch, int epochs, int done, int total, double examplesPerSecond, double runningLoss) {
        long now = System.nanoTime();
        boolean last = done == total;
        if (!last && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        if (!interactive && !last) return; // logs and pipes get one line per epoch
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String line = String.format(Locale.ROOT, "epoch %2d/%d [%s%s] %6d/%d  %,9.0f examples/s  loss %.4f",
                epoch, epochs, "=".repeat(filled), " ".repeat(WIDTH - filled), done, total, examplesPerSecond, runningLoss);
        out.print(interactive ? "\r" + line : line);
        if (last) out.println();
        out.flush();
    }
}
