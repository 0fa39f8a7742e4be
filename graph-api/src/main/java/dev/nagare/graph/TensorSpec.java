package dev.nagare.graph;

/** What is statically known about a value: its dtype and its (possibly partial) shape. */
public record TensorSpec(DType dtype, Shape shape) {
    @Override
    public String toString() { return dtype + shape.toString(); }
}
