package dev.nagare.device;

import dev.nagare.graph.Node;

/**
 * Makes the kernel of a node whose op works on its Session's {@link SessionResources} (the summary writer ops):
 * the Session hands them over when it plans the node, so the kernel reaches its own Session's resources and no
 * other's.
 */
@FunctionalInterface
public interface ResourceKernelFactory extends KernelFactory {
    Kernel create(Node node, SessionResources resources);

    /** Only a Session, which has resources to give, can make this kernel. */
    @Override
    default Kernel create(Node node) {
        throw new KernelException(node, "this op works on a Session's resources; only a Session can plan it");
    }
}
