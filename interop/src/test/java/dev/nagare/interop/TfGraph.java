package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DataType;

/**
 * A TensorFlow graph built through TensorFlow Java's own op builder, with the values its placeholders are
 * fed, for the import tests: TensorFlow builds and runs it, Nagare imports and runs it.
 */
final class TfGraph implements AutoCloseable {
    final Graph graph = new Graph();
    final Map<String, Tensor> feeds = new LinkedHashMap<>();
    private int counter;

    /** A placeholder of the value's dtype and shape (or {@code declared}), fed {@code value}. */
    Output<?> feed(Tensor value, Shape declared) {
        String name = "in" + feeds.size();
        GraphOperationBuilder b = graph.opBuilder("Placeholder", name, graph.baseScope()).setAttr("dtype", type(value.dtype()));
        if (declared.hasRank()) b.setAttr("shape", TfTensors.tfShape(declared));
        feeds.put(name, value);
        return b.build().output(0);
    }

    Output<?> feed(Tensor value) { return feed(value, value.shape()); }

    Output<?> constant(Tensor value) {
        try (org.tensorflow.Tensor t = TfTensors.toTf(value)) {
            return graph.opBuilder("Const", "c" + counter++, graph.baseScope()).setAttr("value", t).setAttr("dtype", type(value.dtype()))
                    .build().output(0);
        }
    }

    Output<?> ints(int... values) { return constant(Tensor.of(Shape.of(values.length), values)); }

    Output<?> scalar(int value) { return constant(Tensor.scalar(value)); }

    static DataType type(DType t) { return DataType.forNumber(t.tfNumber()); }

    /** Starts a node of {@code type}; name it with {@link Op#named} or let it take a fresh name. */
    Op op(String type) { return new Op(type); }

    /** Runs TensorFlow: feeds every placeholder, fetches {@code fetches} by name. */
    List<Tensor> run(List<String> fetches) {
        try (Session s = new Session(graph)) {
            Session.Runner r = s.runner();
            List<org.tensorflow.Tensor> in = new ArrayList<>();
            feeds.forEach((k, v) -> {
                org.tensorflow.Tensor t = TfTensors.toTf(v);
                in.add(t);
                r.feed(k, t);
            });
            for (String f : fetches) r.fetch(f);
            try (Result res = r.run()) {
                List<Tensor> out = new ArrayList<>();
                for (int i = 0; i < fetches.size(); i++) out.add(TfTensors.fromTf(res.get(i)));
                return out;
            } finally {
                in.forEach(org.tensorflow.Tensor::close);
            }
        }
    }

    @Override
    public void close() { graph.close(); }

    /** A node under construction: inputs, then attrs (DType, Long/Integer, Boolean, int[], Shape, String). */
    final class Op {
        private final String type;
        private String name;
        private final List<Object> inputs = new ArrayList<>();
        private final Map<String, Object> attrs = new LinkedHashMap<>();
        private final List<GraphOperation> controls = new ArrayList<>();

        private Op(String type) { this.type = type; }

        Op named(String n) { name = n; return this; }

        Op in(Output<?>... os) { inputs.addAll(List.of(os)); return this; }

        Op list(Output<?>... os) { inputs.add(os); return this; }

        Op attr(String k, Object v) { attrs.put(k, v); return this; }

        Op control(GraphOperation op) { controls.add(op); return this; }

        GraphOperation build() {
            GraphOperationBuilder b = graph.opBuilder(type, name != null ? name : type.toLowerCase() + counter++, graph.baseScope());
            for (Object i : inputs) {
                if (i instanceof Output<?> o) b.addInput(o);
                else b.addInputList((Output<?>[]) i);
            }
            for (GraphOperation c : controls) b.addControlInput(c);
            attrs.forEach((k, v) -> {
                switch (v) {
                    case DType t -> b.setAttr(k, type(t));
                    case Integer i -> b.setAttr(k, (long) i);
                    case Long l -> b.setAttr(k, l);
                    case Boolean z -> b.setAttr(k, z);
                    case Float f -> b.setAttr(k, f);
                    case DType[] ts -> b.setAttr(k, java.util.Arrays.stream(ts).map(TfGraph::type).toArray(DataType[]::new));
                    case int[] a -> b.setAttr(k, java.util.Arrays.stream(a).asLongStream().toArray());
                    case Shape s -> b.setAttr(k, TfTensors.tfShape(s));
                    case Shape[] ss -> b.setAttr(k, java.util.Arrays.stream(ss).map(TfTensors::tfShape).toArray(org.tensorflow.ndarray.Shape[]::new));
                    case String s -> b.setAttr(k, s);
                    default -> throw new IllegalArgumentException("attr " + k + ": " + v);
                }
            });
            return b.build();
        }

        Output<?> out() { return build().output(0); }
    }
}
