package dev.nagare.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {
    /** A minimal op for graph-level tests: one output like its first input, or a scalar float. */
    private static final OpType PASS = new OpType() {
        @Override public String name() { return "Pass"; }
        @Override public List<TensorSpec> infer(InferenceContext ctx) {
            return List.of(ctx.inputCount() > 0 ? new TensorSpec(ctx.dtype(0), ctx.shape(0)) : new TensorSpec(DType.FLOAT32, Shape.scalar()));
        }
    };

    @Test
    void namesAreUniqueWithinScopes() {
        Graph g = new Graph();
        Scope root = g.scope();
        Scope layer = root.withSubScope("layer1");
        assertEquals("layer1/MatMul", layer.node(PASS, "MatMul").build().name());
        assertEquals("layer1/MatMul_1", layer.node(PASS, "MatMul").build().name());
        assertEquals("layer1_1/MatMul", root.withSubScope("layer1").node(PASS, "MatMul").build().name());
        assertEquals("x", root.withName("x").node(PASS, "Pass").build().name());
        assertEquals("x_1", root.withName("x").node(PASS, "Pass").build().name());
        assertThrows(GraphException.class, () -> root.withName("bad name!").node(PASS, "Pass").build());
    }

    @Test
    void scopesAreImmutable() {
        Graph g = new Graph();
        Scope root = g.scope();
        Node first = root.node(PASS, "a").build();
        Scope gpu = root.withDevice("/gpu:0").withControlDependencies(List.of(first));
        Node plain = root.node(PASS, "b").build();
        Node placed = gpu.node(PASS, "c").build();
        assertEquals("", plain.device());
        assertTrue(plain.controlInputs().isEmpty());
        assertEquals("/device:GPU:0", placed.device());
        assertEquals(List.of(first), placed.controlInputs());
    }

    /** An op whose output shape is its attr {@code dims}, as a shape rule computing dims from attrs would make it. */
    private static final OpType MAKE = new OpType() {
        @Override public String name() { return "Make"; }
        @Override public List<TensorSpec> infer(InferenceContext ctx) {
            return List.of(new TensorSpec(DType.FLOAT32, Shape.of(ctx.attr("dims", int[].class))));
        }
    };

    @Test
    void impossibleOutputShapesNameTheNode() {
        Scope root = new Graph().scope();
        GraphException negative = assertThrows(GraphException.class,
                () -> root.withName("neg").node(MAKE, "Make").attr("dims", new int[] {3, -5}).build());
        assertTrue(negative.getMessage().startsWith("Node 'neg' (Make): "), negative.getMessage());
        assertTrue(negative.getMessage().contains("[3, -5]"), negative.getMessage());
        GraphException big = assertThrows(GraphException.class,
                () -> root.withName("big").node(MAKE, "Make").attr("dims", new int[] {65536, 65536}).build());
        assertTrue(big.getMessage().startsWith("Node 'big' (Make): "), big.getMessage());
        assertTrue(big.getMessage().contains("[65536, 65536]") && big.getMessage().contains("2^31-1"), big.getMessage());
        // partial shapes and empty tensors are fine, however big their known dimensions
        root.node(MAKE, "Make").attr("dims", new int[] {-1, 65536, 65536}).build();
        root.node(MAKE, "Make").attr("dims", new int[] {65536, 65536, 0}).build();
    }

    @Test
    void outputsByName() {
        Graph g = new Graph();
        Node n = g.scope().withName("scope/x").node(PASS, "Pass").build();
        assertEquals(n.output(0), g.output("scope/x:0"));
        assertEquals(n.output(0), g.output("scope/x"));
        GraphException e = assertThrows(GraphException.class, () -> g.output("nope:0"));
        assertTrue(e.getMessage().contains("'nope'"));
    }
}
