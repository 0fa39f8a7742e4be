package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Control flow that TensorFlow Java builds, imported from its GraphDef: functional If / While whose branches
 * and bodies are ConcreteFunctions in the graph's library. TensorFlow runs the same graph as the judge.
 */
class TfControlFlowImportTest {
    static final Set<String> COVERED = Set.of("If", "StatelessIf", "While", "StatelessWhile", "_Arg");

    @TempDir Path tmp;

    /** pred ? x * 2 : x - 1, as an If (and a StatelessIf) over two functions of x. */
    @ParameterizedTest
    @ValueSource(strings = {"If", "StatelessIf"})
    void functionalIfFromTensorFlow(String op) throws IOException {
        try (TfGraph t = new TfGraph(); Graph gt = new Graph(); Graph ge = new Graph()) {
            ConcreteFunction then = unary(gt, "times_two", (f, x) -> f.math.mul(x, f.constant(2f)));
            ConcreteFunction otherwise = unary(ge, "minus_one", (f, x) -> f.math.sub(x, f.constant(1f)));
            t.graph.attachFunction(then);
            t.graph.attachFunction(otherwise);
            Output<?> pred = t.feed(Tensor.scalar(true));
            Output<?> x = t.feed(Tensor.of(Shape.of(3), new float[] {1.5f, -2, 4}));
            t.graph.opBuilder(op, "if", t.graph.baseScope()).addInput(pred).addInputList(new Output<?>[] {x})
                    .setAttr("Tcond", DataType.DT_BOOL).setAttr("Tin", new DataType[] {DataType.DT_FLOAT})
                    .setAttr("Tout", new DataType[] {DataType.DT_FLOAT}).setAttr("then_branch", then).setAttr("else_branch", otherwise).build();
            for (boolean p : new boolean[] {true, false}) {
                t.feeds.put("in0", Tensor.scalar(p));
                assertSame(t, "if:0");
            }
        }
    }

    /** (i, x) -> (i + 1, x * 1.5 + 1) while i < n, as a While (and a StatelessWhile) over a cond and a body function. */
    @ParameterizedTest
    @ValueSource(strings = {"While", "StatelessWhile"})
    void functionalWhileFromTensorFlow(String op) throws IOException {
        try (TfGraph t = new TfGraph(); Graph gc = new Graph(); Graph gb = new Graph()) {
            Ops c = Ops.create(gc);
            var ci = c.withName("i").placeholder(TInt32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
            var cx = c.withName("x").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(2)));
            var cn = c.withName("n").placeholder(TInt32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
            ConcreteFunction cond = ConcreteFunction.create(Signature.builder("loop_cond").input("i", ci).input("x", cx).input("n", cn)
                    .output("more", c.math.less(ci, cn)).build(), gc);
            Ops b = Ops.create(gb);
            var bi = b.withName("i").placeholder(TInt32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
            var bx = b.withName("x").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(2)));
            var bn = b.withName("n").placeholder(TInt32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
            ConcreteFunction body = ConcreteFunction.create(Signature.builder("loop_body").input("i", bi).input("x", bx).input("n", bn)
                    .output("i2", b.math.add(bi, b.constant(1)))
                    .output("x2", b.math.add(b.math.mul(bx, b.constant(1.5f)), b.constant(1f)))
                    .output("n2", b.identity(bn)).build(), gb);
            t.graph.attachFunction(cond);
            t.graph.attachFunction(body);
            Output<?> n = t.feed(Tensor.scalar(4));
            Output<?> x = t.feed(Tensor.of(Shape.of(2), new float[] {0.5f, -3}));
            t.graph.opBuilder(op, "loop", t.graph.baseScope()).addInputList(new Output<?>[] {t.scalar(0), x, n})
                    .setAttr("T", new DataType[] {DataType.DT_INT32, DataType.DT_FLOAT, DataType.DT_INT32})
                    .setAttr("cond", cond).setAttr("body", body).build();
            for (int count : new int[] {4, 0, 7}) {
                t.feeds.put("in0", Tensor.scalar(count));
                List<Tensor> out = assertSame(t, "loop:0", "loop:1");
                assertEquals(count, out.get(0).intValue());
            }
        }
    }

    @FunctionalInterface
    interface UnaryBody { Operand<TFloat32> apply(Ops f, Operand<TFloat32> x); }

    private static ConcreteFunction unary(Graph g, String name, UnaryBody body) {
        Ops f = Ops.create(g);
        var x = f.withName("x").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(3)));
        return ConcreteFunction.create(Signature.builder(name).input("x", x).output("y", body.apply(f, x)).build(), g);
    }

    /** Runs the fetches in TensorFlow and in Nagare (the GraphDef imported from a file) and requires the same values. */
    private List<Tensor> assertSame(TfGraph t, String... fetches) throws IOException {
        List<Tensor> expected = t.run(List.of(fetches));
        Path pb = tmp.resolve("graph.pb");
        Files.write(pb, t.graph.toGraphDef().toByteArray());
        ImportedGraph g = GraphDefImporter.importFile(pb);
        try (Session s = new Session(g.graph())) {
            Runner r = s.runner();
            for (Map.Entry<String, Tensor> e : t.feeds.entrySet()) r.feed(g.output(e.getKey()), e.getValue());
            for (String f : fetches) r.fetch(g.output(f));
            List<Tensor> got = r.run();
            for (int i = 0; i < fetches.length; i++) {
                assertEquals(expected.get(i).shape(), got.get(i).shape(), fetches[i]);
                assertArrayEquals(new Object[] {expected.get(i).toJava()}, new Object[] {got.get(i).toJava()}, fetches[i]);
            }
            return got;
        }
    }

    /** A function's argument node outside any function is refused, naming it. */
    @Test
    void anArgumentOutsideAFunctionIsRefused() {
        GraphDef.Builder g = GraphDef.newBuilder();
        add(g, "arg", "_Arg", List.of(), Map.of("T", type(DataType.DT_FLOAT), "index", integer(0)));
        add(g, "y", "Identity", List.of("arg"), Map.of("T", type(DataType.DT_FLOAT)));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> GraphDefImporter.importGraphDef(g.build(), tmp.resolve("g.pb"), List.of("y")));
        assertTrue(e.getMessage().contains("'arg'") && e.getMessage().contains("_Arg outside a function body"), e.getMessage());
    }

    /** A loop inside a loop body is refused, naming the node, rather than imported wrong. */
    @Test
    void aNestedDataflowLoopIsRefused() {
        GraphDef.Builder g = GraphDef.newBuilder();
        Map<String, AttrValue> i32 = Map.of("T", type(DataType.DT_INT32));
        add(g, "zero", "Const", List.of(), intConst(0));
        add(g, "outer/Enter", "Enter", List.of("zero"), enter(DataType.DT_INT32, false));
        add(g, "outer/Merge", "Merge", List.of("outer/Enter", "outer/NextIteration"), Map.of("T", type(DataType.DT_INT32), "N", integer(2)));
        add(g, "outer/LoopCond", "LoopCond", List.of("outer/Less"), Map.of());
        add(g, "outer/Less", "Less", List.of("outer/Merge", "outer/ten"), i32);
        add(g, "outer/ten", "Const", List.of("^outer/Merge"), intConst(10));
        add(g, "outer/Switch", "Switch", List.of("outer/Merge", "outer/LoopCond"), i32);
        add(g, "outer/Identity", "Identity", List.of("outer/Switch:1"), i32);
        add(g, "inner/Enter", "Enter", List.of("outer/Identity"), Map.of("T", type(DataType.DT_INT32), "frame_name",
                AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8("inner")).build()));
        add(g, "outer/NextIteration", "NextIteration", List.of("inner/Enter"), i32);
        add(g, "outer/Exit", "Exit", List.of("outer/Switch"), i32);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> GraphDefImporter.importGraphDef(g.build(), tmp.resolve("g.pb"), List.of("outer/Exit")));
        assertTrue(e.getMessage().contains("nested") || e.getMessage().contains("inner/Enter"), e.getMessage());
    }

    // ---- TensorFlow 1.x dataflow control flow, laid out as tf.cond and tf.while_loop (v1) lay it out ----

    /**
     * x * 2 if p else x - 1, as TF 1.x's cond builds it: Switch(p, p) for the pivots switch_t / switch_f, an
     * Identity of p that every input is switched on, constants held back by the pivots, and a Merge of the sides.
     */
    @Test
    void dataflowCondFromAFrozenGraph() throws IOException {
        GraphDef.Builder g = GraphDef.newBuilder();
        add(g, "x", "Placeholder", List.of(), Map.of("dtype", type(DataType.DT_FLOAT)));
        add(g, "p", "Placeholder", List.of(), Map.of("dtype", type(DataType.DT_BOOL)));
        add(g, "cond/Switch", "Switch", List.of("p", "p"), Map.of("T", type(DataType.DT_BOOL)));
        add(g, "cond/switch_t", "Identity", List.of("cond/Switch:1"), Map.of("T", type(DataType.DT_BOOL)));
        add(g, "cond/switch_f", "Identity", List.of("cond/Switch"), Map.of("T", type(DataType.DT_BOOL)));
        add(g, "cond/pred_id", "Identity", List.of("p"), Map.of("T", type(DataType.DT_BOOL)));
        add(g, "cond/mul/Switch", "Switch", List.of("x", "cond/pred_id"), Map.of("T", type(DataType.DT_FLOAT)));
        add(g, "cond/mul/y", "Const", List.of("^cond/switch_t"), floatConst(2f));
        add(g, "cond/mul", "Mul", List.of("cond/mul/Switch:1", "cond/mul/y"), Map.of("T", type(DataType.DT_FLOAT)));
        add(g, "cond/sub/Switch", "Switch", List.of("x", "cond/pred_id"), Map.of("T", type(DataType.DT_FLOAT)));
        add(g, "cond/sub/y", "Const", List.of("^cond/switch_f"), floatConst(1f));
        add(g, "cond/sub", "Sub", List.of("cond/sub/Switch", "cond/sub/y"), Map.of("T", type(DataType.DT_FLOAT)));
        add(g, "cond/Merge", "Merge", List.of("cond/sub", "cond/mul"), Map.of("T", type(DataType.DT_FLOAT), "N", integer(2)));
        try (TfGraph t = new TfGraph()) {
            t.graph.importGraphDef(g.build());
            t.feeds.put("x", Tensor.of(Shape.of(3), new float[] {1.5f, -2, 4}));
            for (boolean p : new boolean[] {true, false}) {
                t.feeds.put("p", Tensor.scalar(p));
                assertSame(t, "cond/Merge");
            }
        }
    }

    /**
     * (i, x) -> (i + 1, x * 1.5 + 1) while i < n, as TF 1.x's while_loop builds it: per loop variable an Enter
     * into the frame, a Merge with its NextIteration, a Switch on the LoopCond, an Identity that starts the body
     * and an Exit; n enters as a constant of the frame; the body's constants wait for the body's pivot.
     */
    @Test
    void dataflowWhileLoopFromAFrozenGraph() throws IOException {
        GraphDef.Builder g = GraphDef.newBuilder();
        Map<String, AttrValue> f32 = Map.of("T", type(DataType.DT_FLOAT)), i32 = Map.of("T", type(DataType.DT_INT32));
        add(g, "x", "Placeholder", List.of(), Map.of("dtype", type(DataType.DT_FLOAT)));
        add(g, "n", "Placeholder", List.of(), Map.of("dtype", type(DataType.DT_INT32)));
        add(g, "zero", "Const", List.of(), intConst(0));
        add(g, "while/Enter", "Enter", List.of("zero"), enter(DataType.DT_INT32, false));
        add(g, "while/Enter_1", "Enter", List.of("x"), enter(DataType.DT_FLOAT, false));
        add(g, "while/Less/Enter", "Enter", List.of("n"), enter(DataType.DT_INT32, true));
        add(g, "while/Merge", "Merge", List.of("while/Enter", "while/NextIteration"), Map.of("T", type(DataType.DT_INT32), "N", integer(2)));
        add(g, "while/Merge_1", "Merge", List.of("while/Enter_1", "while/NextIteration_1"), Map.of("T", type(DataType.DT_FLOAT), "N", integer(2)));
        add(g, "while/Less", "Less", List.of("while/Merge", "while/Less/Enter"), i32);
        add(g, "while/LoopCond", "LoopCond", List.of("while/Less"), Map.of());
        add(g, "while/Switch", "Switch", List.of("while/Merge", "while/LoopCond"), i32);
        add(g, "while/Switch_1", "Switch", List.of("while/Merge_1", "while/LoopCond"), f32);
        add(g, "while/Identity", "Identity", List.of("while/Switch:1"), i32);
        add(g, "while/Identity_1", "Identity", List.of("while/Switch_1:1"), f32);
        add(g, "while/add/y", "Const", List.of("^while/Identity"), intConst(1));
        add(g, "while/add", "AddV2", List.of("while/Identity", "while/add/y"), i32);
        add(g, "while/mul/y", "Const", List.of("^while/Identity"), floatConst(1.5f));
        add(g, "while/mul", "Mul", List.of("while/Identity_1", "while/mul/y"), f32);
        add(g, "while/add_1/y", "Const", List.of("^while/Identity"), floatConst(1f));
        add(g, "while/add_1", "AddV2", List.of("while/mul", "while/add_1/y"), f32);
        add(g, "while/NextIteration", "NextIteration", List.of("while/add"), i32);
        add(g, "while/NextIteration_1", "NextIteration", List.of("while/add_1"), f32);
        add(g, "while/Exit", "Exit", List.of("while/Switch"), i32);
        add(g, "while/Exit_1", "Exit", List.of("while/Switch_1"), f32);
        add(g, "out", "Identity", List.of("while/Exit_1"), f32);
        try (TfGraph t = new TfGraph()) {
            t.graph.importGraphDef(g.build());
            t.feeds.put("x", Tensor.of(Shape.of(2), new float[] {0.5f, -3}));
            for (int count : new int[] {4, 0, 6}) {
                t.feeds.put("n", Tensor.scalar(count));
                assertEquals(count, assertSame(t, "while/Exit", "out").get(0).intValue());
            }
        }
    }

    private static void add(GraphDef.Builder g, String name, String op, List<String> inputs, Map<String, AttrValue> attrs) {
        g.addNode(NodeDef.newBuilder().setName(name).setOp(op).addAllInput(inputs).putAllAttr(attrs));
    }

    private static AttrValue type(DataType t) { return AttrValue.newBuilder().setType(t).build(); }

    private static AttrValue integer(long i) { return AttrValue.newBuilder().setI(i).build(); }

    private static Map<String, AttrValue> enter(DataType t, boolean constant) {
        return Map.of("T", type(t), "frame_name", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8("while/while_context")).build(),
                "is_constant", AttrValue.newBuilder().setB(constant).build(), "parallel_iterations", integer(10));
    }

    private static Map<String, AttrValue> floatConst(float v) {
        return Map.of("dtype", type(DataType.DT_FLOAT), "value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_FLOAT).setTensorShape(TensorShapeProto.getDefaultInstance()).addFloatVal(v)).build());
    }

    private static Map<String, AttrValue> intConst(int v) {
        return Map.of("dtype", type(DataType.DT_INT32), "value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
                .setDtype(DataType.DT_INT32).setTensorShape(TensorShapeProto.getDefaultInstance()).addIntVal(v)).build());
    }
}
