package dev.nagare.graph;

/**
 * A tensor's value where some device holds it: the host {@link Tensor} itself for the CPU, a device
 * buffer for an accelerator. The executor moves these between kernels without looking inside.
 */
public interface TensorValue {
    DType dtype();
    Shape shape();
}
