package dev.nagare.device;

import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.List;

/**
 * What a device offers a Session's planner for running several nodes as one step: which nodes may be members
 * of such a group, and the one kernel that computes a group. A group is a chain (or small DAG) of elementwise
 * members of one shape, optionally ended by a reduction of the last member's value; its kernel must give
 * exactly the values, bit for bit, that the members' own kernels give one after the other.
 */
public interface Fuser {
    /** Whether {@code node} can be an elementwise member of a group (one output, the same shape as its operands). */
    boolean elementwise(Node node);

    /** Whether {@code node} can end a group by reducing the value of the member it takes as input 0. */
    boolean reduction(Node node);

    /**
     * The kernel of a group: {@code members} in plan order (the last is the group's node), whose inputs that
     * are not members' outputs are {@code inputs} (in that order, the kernel's inputs), and which returns the
     * values of {@code outputs} (members' outputs, in that order). {@code kernels} are the members' own.
     */
    Kernel fuse(List<Node> members, List<Output> inputs, List<Output> outputs, List<Kernel> kernels);
}
