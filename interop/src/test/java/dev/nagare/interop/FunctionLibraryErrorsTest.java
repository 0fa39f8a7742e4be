package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.interop.FunctionLibraryException.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/** Function libraries the importer must refuse, each with a typed error naming the function and the calling node. */
class FunctionLibraryErrorsTest {
    private static final Path FILE = Path.of("model.pb");

    private static NodeDef node(String name, String op, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).build();
    }

    private static NodeDef placeholder(String name) {
        return node(name, "Placeholder").toBuilder().putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    }

    private static NodeDef call(String name, String function, String... inputs) {
        return node(name, "PartitionedCall", inputs).toBuilder()
                .putAttr("f", AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(function)).build()).build();
    }

    private static OpDef.ArgDef arg(String name) { return OpDef.ArgDef.newBuilder().setName(name).setType(DataType.DT_FLOAT).build(); }

    /** {@code name(x) -> y}, its body {@code nodes}, y returned from {@code ret}. */
    private static FunctionDef function(String name, String ret, NodeDef... nodes) {
        return FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName(name).addInputArg(arg("x")).addOutputArg(arg("y")))
                .addAllNodeDef(List.of(nodes)).putRet("y", ret).build();
    }

    private static NodeDef relu(String name, String input) {
        return node(name, "Relu", input).toBuilder().putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    }

    private static ImportedGraph load(List<String> outputs, FunctionDefLibrary lib, NodeDef... nodes) throws ModelFormatException {
        return GraphDefImporter.importGraphDef(GraphDef.newBuilder().addAllNode(List.of(nodes)).setLibrary(lib).build(), FILE, outputs);
    }

    private static FunctionLibraryException fails(Kind kind, String function, String node, String fragment,
            org.junit.jupiter.api.function.Executable run) {
        FunctionLibraryException e = assertThrows(FunctionLibraryException.class, run);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(function, e.function(), e.getMessage());
        assertEquals(node, e.node(), e.getMessage());
        assertTrue(e.getMessage().contains(FILE.toString()) && e.getMessage().contains(fragment), e.getMessage());
        return e;
    }

    @Test
    void callToMissingFunction() {
        fails(Kind.MISSING_FUNCTION, "nothere", "call", "no function 'nothere'",
                () -> load(List.of("call:0"), FunctionDefLibrary.getDefaultInstance(), placeholder("x"), call("call", "nothere", "x")));
    }

    @Test
    void unusedBrokenCallsDoNotBreakTheImport() throws ModelFormatException {
        FunctionDefLibrary lib = FunctionDefLibrary.newBuilder().addFunction(function("act", "r:features:0", relu("r", "x")))
                .addFunction(function("self", "again:output:0", call("again", "self", "x"))).build();
        ImportedGraph g = load(List.of("ok:0"), lib, placeholder("x"), call("ok", "act", "x"), call("broken", "nothere", "x"),
                call("loop", "self", "x"));
        assertEquals("Relu", g.output("ok:0").node().opName());
        assertEquals("ok/r", g.output("ok").node().name());
    }

    @Test
    void recursionThroughAnotherFunction() {
        FunctionDefLibrary lib = FunctionDefLibrary.newBuilder()
                .addFunction(function("f", "g_call:output:0", call("g_call", "g", "x")))
                .addFunction(function("g", "f_call:y:0", node("f_call", "f", "x"))).build();
        fails(Kind.RECURSION, "f", "top/g_call/f_call", "f -> g -> f",
                () -> load(List.of("top:0"), lib, placeholder("x"), call("top", "f", "x")));
    }

    @Test
    void arityMismatches() {
        FunctionDefLibrary lib = FunctionDefLibrary.newBuilder().addFunction(function("act", "r:features:0", relu("r", "x"))).build();
        fails(Kind.ARITY, "act", "call", "passes 2 inputs, the function takes 1",
                () -> load(List.of("call:0"), lib, placeholder("x"), call("call", "act", "x", "x")));
        fails(Kind.ARITY, "act", "call", "output 1 is read, but the function has 1 output",
                () -> load(List.of("use"), lib, placeholder("x"), call("call", "act", "x"), relu("use", "call:1")));
        FunctionDefLibrary noRet = FunctionDefLibrary.newBuilder().addFunction(function("act", "r:features:0", relu("r", "x")).toBuilder()
                .clearRet().build()).build();
        fails(Kind.ARITY, "act", "call", "output 'y' has no entry in the ret map",
                () -> load(List.of("call:0"), noRet, placeholder("x"), call("call", "act", "x")));
    }

    @Test
    void unboundAttrPlaceholder() {
        NodeDef r = node("r", "Relu", "x").toBuilder().putAttr("T", AttrValue.newBuilder().setPlaceholder("U").build()).build();
        FunctionDefLibrary lib = FunctionDefLibrary.newBuilder().addFunction(function("act", "r:features:0", r)).build();
        fails(Kind.ATTR_PLACEHOLDER, "act", "call", "placeholder '$U'",
                () -> load(List.of("call:0"), lib, placeholder("x"), call("call", "act", "x")));
    }

    @Test
    void bodyReadingWhatItDoesNotHave() {
        FunctionDefLibrary lib = FunctionDefLibrary.newBuilder().addFunction(function("act", "r:features:0", relu("r", "nope"))).build();
        fails(Kind.BAD_BODY, "act", "call", "reads 'nope'", () -> load(List.of("call:0"), lib, placeholder("x"), call("call", "act", "x")));
    }

    /** Each function calls the next twice: 2^40 nodes from a few hundred bytes, refused at the node budget. */
    @Test
    void exponentialLibraryHitsTheBudget() {
        int budget = 10_000;
        FunctionDefLibrary.Builder lib = FunctionDefLibrary.newBuilder();
        for (int i = 0; i < 40; i++) {
            lib.addFunction(function("f" + i, "b:y:0", node("a", "f" + (i + 1), "x"), node("b", "f" + (i + 1), "a:y:0")));
        }
        lib.addFunction(function("f40", "r:features:0", relu("r", "x")));
        BadModel e = assertThrows(BadModel.class, () -> new GraphImport(List.of(placeholder("x"), call("top", "f0", "x")), lib.build(),
                GraphDefImporter.DEFAULT_CONSTANT_BUDGET, budget));
        assertEquals(Kind.BUDGET, e.kind());
        assertTrue(e.getMessage().contains("beyond " + budget + " nodes"), e.getMessage());
    }

    @Test
    void deepChainHitsTheDepthLimit() {
        FunctionDefLibrary.Builder lib = FunctionDefLibrary.newBuilder();
        int n = FunctionInliner.MAX_DEPTH + 5;
        for (int i = 0; i < n; i++) lib.addFunction(function("f" + i, "a:y:0", node("a", "f" + (i + 1), "x")));
        lib.addFunction(function("f" + n, "r:features:0", relu("r", "x")));
        FunctionLibraryException e = assertThrows(FunctionLibraryException.class,
                () -> load(List.of("x"), lib.build(), placeholder("x"), call("top", "f0", "x")));
        assertEquals(Kind.BUDGET, e.kind());
        assertTrue(e.getMessage().contains("nested deeper than " + FunctionInliner.MAX_DEPTH), e.getMessage());
    }
}
