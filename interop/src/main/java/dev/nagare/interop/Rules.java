package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;

/** The two halves of a mapping rule, and the shapes most rules share. */
final class Rules {
    private Rules() {}

    /** Writes a Nagare node as TensorFlow NodeDefs. */
    @FunctionalInterface
    interface Exporter {
        void export(Node node, ExportContext cx);
    }

    /** Reads a TensorFlow NodeDef as one Nagare node. */
    @FunctionalInterface
    interface Importer {
        Node importNode(ImportContext cx);
    }

    /** {@code tfOp} on the node's inputs, with attr {@code T} the dtype of input 0. */
    static Exporter typed(String tfOp) {
        return (n, cx) -> cx.emit(n, tfOp).inputs(n.inputs()).type("T", n.input(0).dtype()).add();
    }

    /** {@code tfOp} on the node's inputs, with no attrs (the logical ops). */
    static Exporter untyped(String tfOp) {
        return (n, cx) -> cx.emit(n, tfOp).inputs(n.inputs()).add();
    }

    /** {@code op} on all {@code arity} data inputs, attrs ignored (they only restate the inputs' dtypes). */
    static Importer same(OpDef op, int arity) {
        return cx -> cx.same(op, arity);
    }

    /** A scalar of {@code t} holding {@code v} (bool: v != 0). */
    static Tensor scalar(DType t, double v) {
        return switch (t) {
            case FLOAT32 -> Tensor.scalar((float) v);
            case FLOAT64 -> Tensor.scalar(v);
            case INT32 -> Tensor.scalar((int) v);
            case INT64 -> Tensor.scalar((long) v);
            case BOOL -> Tensor.scalar(v != 0);
            case STRING -> throw BadModel.bad("a number (" + v + ") where a string is expected");
        };
    }

    /** An int32 vector constant, as TensorFlow takes shapes, axes and permutations. */
    static Tensor ints(int[] values) { return Tensor.of(Shape.of(values.length), values.clone()); }

    /** The node's input 0 must have a known rank for this export; returns it. */
    static int knownRank(Node n, String why) {
        Shape s = n.input(0).shape();
        if (!s.hasRank()) throw ExportContext.fail(n, why + " needs the rank of input '" + n.input(0).name() + "', which is unknown");
        return s.rank();
    }
}
