package dev.nagare.device;

import dev.nagare.graph.TensorValue;

/**
 * Computes one node's outputs from its inputs, all held by the kernel's device. A kernel is made once per
 * node per plan by a {@link KernelFactory} and may be called from several runs at once, so it keeps no
 * mutable state of its own. On an asynchronous device it may enqueue its work and return values that are not
 * yet written ({@link Device#ready} says when they are); its reads and writes of variables take effect when
 * it is called.
 */
@FunctionalInterface
public interface Kernel {
    TensorValue[] compute(KernelContext ctx, TensorValue[] inputs);
}
