package dev.nagare.device;

import dev.nagare.graph.Node;

/** Makes the kernel for one node, reading the node's attributes once, when a plan is built. */
@FunctionalInterface
public interface KernelFactory {
    Kernel create(Node node);
}
