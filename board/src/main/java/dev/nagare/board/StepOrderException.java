package dev.nagare.board;

/** A summary written for a tag at a step no later than one it already has: TensorBoard's curves need rising steps. */
public final class StepOrderException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String tag;
    private final long step;
    private final long lastStep;

    StepOrderException(String tag, long step, long lastStep) {
        super("summary '" + tag + "' written at step " + step + ", but it already has step " + lastStep + "; steps must rise for each tag");
        this.tag = tag;
        this.step = step;
        this.lastStep = lastStep;
    }

    public String tag() { return tag; }

    public long step() { return step; }

    public long lastStep() { return lastStep; }
}
