package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.TensorFlow;

/** The mapping table against the op registry, and against TensorFlow's own op registry. */
class TfOpMappingTest {
    @TempDir Path tmp;

    @Test
    void everyRegisteredOpHasExactlyOneEntry() {
        Set<String> registry = new TreeSet<>();
        for (OpDef op : OpRegistry.standard().all()) registry.add(op.name());
        Set<String> mapped = new TreeSet<>(TfOpMapping.mappedOps());
        Set<String> missing = new TreeSet<>(registry);
        missing.removeAll(mapped);
        assertEquals(Set.of(), missing, "Nagare ops without a TensorFlow mapping entry: add them to TfOpMapping");
        Set<String> stale = new TreeSet<>(mapped);
        stale.removeAll(registry);
        assertEquals(Set.of(), stale, "mapping entries for ops the registry does not define");
        for (TfOpMapping.Entry e : TfOpMapping.entries()) {
            assertTrue(OpRegistry.standard().find(e.op().name()).orElseThrow() == e.op(), e.op().name() + ": not the registry's OpDef");
            assertFalse(e.imports().isEmpty(), e.op().name() + ": no import rule");
        }
    }

    @Test
    void everyTensorFlowOpNameExistsInTensorFlow() {
        Set<String> tfOps = new HashSet<>();
        for (var op : TensorFlow.registeredOpList().getOpList()) tfOps.add(op.getName());
        for (String op : TfOpMapping.importableTfOps()) assertTrue(tfOps.contains(op), "TensorFlow has no op " + op);
        for (TfOpMapping.Entry e : TfOpMapping.entries()) {
            for (String op : e.tfOp().split("/")) assertTrue(tfOps.contains(op), e.op().name() + " exports as unknown " + op);
        }
    }

    /**
     * An op has an entry mapping or a hand-written rule, not both unseen: a rule beside a mapping the entry does not
     * mark byHand() fails naming the op (it would silently win), as does an entry marked so without a rule.
     */
    @Test
    void aHandRuleBesideAnEntryMappingFailsNamingTheOp() {
        TfOpMapping.Entry subRule = new TfOpMapping.Entry(dev.nagare.ops.MathOps.SUB, "Sub", Rules.typed("Sub"), List.of());
        TfMappingException both = assertThrows(TfMappingException.class, () -> TfOpMapping.table(List.of(subRule), List.of(dev.nagare.ops.MathOps.SUB)));
        assertEquals("Sub", both.op());
        assertTrue(both.getMessage().contains("op Sub") && both.getMessage().contains("byHand()"), both.getMessage());
        TfOpMapping.Entry divRule = TfOpMapping.entries().stream().filter(e -> e.op() == dev.nagare.ops.MathOps.DIV).findFirst().orElseThrow();
        assertEquals(List.of(divRule), TfOpMapping.table(List.of(divRule), List.of(dev.nagare.ops.MathOps.DIV)), "Div's entry marks its mapping byHand()");
        TfMappingException none = assertThrows(TfMappingException.class, () -> TfOpMapping.table(List.of(), List.of(dev.nagare.ops.MathOps.DIV)));
        assertEquals("Div", none.op());
        assertTrue(TfOpMapping.entries().stream().filter(e -> e.op() == dev.nagare.ops.NnOps.BIAS_ADD).allMatch(e -> e.tfOp().equals("BiasAdd")));
    }

    /** An op without an entry (here a private one) fails the export naming node and op, and writes nothing. */
    @Test
    void unmappedOpFailsBeforeAnythingIsWritten() throws Exception {
        OpDef custom = OpDef.pure("MyFancyOp", ctx -> List.of(new TensorSpec(DType.FLOAT32, ctx.shape(0))));
        Graph g = new Graph(dev.nagare.ops.OpRegistry.standard().with(custom));
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        Output y = tf.scope().withName("fancy").node(custom, "fancy").input(tf.neg(x)).build().output(0);
        Path dir = tmp.resolve("model");
        try (Session s = new Session(g)) {
            ExportException e = assertThrows(ExportException.class,
                    () -> SavedModelExporter.export(s, dir, Map.of("x", x), Map.of("y", tf.exp(y))));
            assertTrue(e.getMessage().contains("'fancy' (MyFancyOp)"), e.getMessage());
        }
        assertFalse(Files.exists(dir));
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "no temporary directory is left behind");
        }
    }

    @Test
    void importRulesKnowWhichInputsAreStatic() {
        var reshape = TfOpMapping.forTfOp("Reshape").orElseThrow();
        assertFalse(reshape.isStatic(0, 2));
        assertTrue(reshape.isStatic(1, 2));
        var concat = TfOpMapping.forTfOp("ConcatV2").orElseThrow();
        assertTrue(concat.isStatic(3, 4));
        assertFalse(concat.isStatic(2, 4));
        assertNotNull(TfOpMapping.forTfOp("VarHandleOp").orElse(null));
        assertEquals("RealDiv/TruncateDiv", TfOpMapping.exportedAs("Div").orElseThrow());
    }
}
