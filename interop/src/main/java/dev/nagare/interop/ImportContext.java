package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.ops.OpDef;
import java.util.List;
import org.tensorflow.proto.NodeDef;

/**
 * What an import rule sees of one TensorFlow NodeDef: its attrs, its data inputs already imported, the
 * values of the inputs Nagare needs as attrs (read from the Const nodes that produce them), and a builder
 * for the Nagare node, named as the NodeDef and carrying its control inputs.
 */
final class ImportContext {
    private final NodeDef def;
    private final Attrs attrs;
    private final List<Output> inputs;        // null where the input is taken as a static value
    private final List<String> inputNames;
    private final GraphImport imp;
    private final Scope scope;

    ImportContext(NodeDef def, List<Output> inputs, List<String> inputNames, List<Node> controls, GraphImport imp) {
        this.def = def;
        this.attrs = Attrs.of(def);
        this.inputs = inputs;
        this.inputNames = inputNames;
        this.imp = imp;
        this.scope = imp.graph().scope().withControlDependencies(controls).withName(def.getName());
    }

    String name() { return def.getName(); }
    String op() { return def.getOp(); }
    Attrs attrs() { return attrs; }
    int inputCount() { return inputs.size(); }

    /** Fails unless the node has exactly {@code n} data inputs. */
    void expectInputs(int n) {
        if (inputs.size() != n) throw BadModel.bad("has " + inputs.size() + " inputs, " + op() + " takes " + n);
    }

    /** True when input {@code i} is taken as a static value (a Const), false when it is wired. */
    boolean isStatic(int i) { return inputs.get(i) == null; }

    /** Data input {@code i}, already imported. */
    Output input(int i) {
        Output o = inputs.get(i);
        if (o == null) throw new IllegalStateException("input " + i + " of " + name() + " was taken as a static value");
        return o;
    }

    List<Output> inputs(int from, int to) {
        for (int i = from; i < to; i++) input(i);
        return inputs.subList(from, to);
    }

    /** The value of input {@code i}, which must come from a Const (through Identity nodes, if any). */
    Tensor constant(int i) { return imp.constant(inputNames.get(i)); }

    /** The value of this node, a Const: decoded once per import, however many nodes read it. */
    Tensor value() { return imp.value(def); }

    /** Input {@code i} as ints: an int32 or int64 constant scalar or vector. */
    int[] ints(int i) {
        Tensor t = constant(i);
        if (!t.dtype().isInteger() || t.rank() > 1) {
            throw BadModel.bad("input " + i + " '" + inputNames.get(i) + "' must be an integer scalar or vector, got " + t.dtype() + t.shape());
        }
        int[] out = new int[t.size()];
        for (int k = 0; k < out.length; k++) {
            long v = t.dtype() == DType.INT32 ? t.intData()[k] : t.longData()[k];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw BadModel.unsupported("input " + i + " holds " + v + ", beyond int range");
            out[k] = (int) v;
        }
        return out;
    }

    /** Input {@code i} as one int: an integer scalar (or one-element vector) constant. */
    int scalarInt(int i) {
        int[] v = ints(i);
        if (v.length != 1) throw BadModel.bad("input " + i + " '" + inputNames.get(i) + "' must be a single integer, got " + v.length + " values");
        return v[0];
    }

    /** Input {@code i} as a double: a one-element constant of any dtype. */
    double scalar(int i) {
        Tensor t = constant(i);
        if (t.size() != 1) throw BadModel.bad("input " + i + " '" + inputNames.get(i) + "' must be a scalar, got shape " + t.shape());
        return t.getDouble(0);
    }

    /** The DSL on this node's scope: its next node takes this NodeDef's name and waits for its control inputs. */
    Tf tf() { return Tf.of(scope); }

    /** The outputs of library function {@code fname} imported as a body of this node (see {@link GraphImport#importFunction}). */
    List<Output> importFunction(String fname, List<Output> args, String prefix) { return imp.importFunction(fname, args, prefix, name()); }

    /** A builder for the Nagare node of {@code op}, named as this NodeDef, with its control inputs. */
    Scope.NodeBuilder node(OpDef op) { return scope.node(op, def.getName()); }

    /** The common case: {@code op} applied to all data inputs, no attrs. */
    Node same(OpDef op, int arity) {
        expectInputs(arity);
        return node(op).inputs(inputs(0, arity)).build();
    }
}
