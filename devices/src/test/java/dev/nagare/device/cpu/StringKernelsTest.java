package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelException;
import dev.nagare.device.VariableState;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.ops.ArrayOps;
import dev.nagare.ops.MathOps;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.Strings.DenseFeature;
import dev.nagare.ops.Tf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The string kernels on small inputs, against values written out by hand: tf.Example bytes built field by field
 * from the protobuf wire format, C printf's output for AsString, and the errors each kernel must name.
 */
class StringKernelsTest {
    private final CpuDevice device = new CpuDevice();
    private final Tf tf = Tf.of(new Graph());

    /** Each node's kernel on its inputs' values (Consts only at the leaves). */
    private TensorValue[] evalAll(Node node) {
        Tensor[] in = node.inputs().stream().map(o -> (Tensor) evalAll(o.node())[o.index()]).toArray(Tensor[]::new);
        OpDef op = (OpDef) node.op();
        DType key = op.kernelDtypeInput() == OpDef.BY_OUTPUT ? node.outputSpec(0).dtype() : in[op.kernelDtypeInput()].dtype();
        KernelContext ctx = new KernelContext() {
            @Override public Node node() { return node; }
            @Override public VariableState variables() { throw new UnsupportedOperationException(); }
        };
        return device.kernel(node.opName(), key).orElseThrow().create(node).compute(ctx, in);
    }

    private Tensor eval(Output o) { return (Tensor) evalAll(o.node())[o.index()]; }

    private KernelException fails(Output o) { return assertThrows(KernelException.class, () -> eval(o)); }

    private static Tensor strings(String... s) { return Tensor.of(Shape.of(s.length), s); }

    @Test
    void onlyOpsThatMoveWholeElementsHaveStringKernels() {
        for (OpDef op : List.of(ArrayOps.CONST, ArrayOps.IDENTITY, ArrayOps.RESHAPE, ArrayOps.CONCAT, ArrayOps.GATHER, ArrayOps.PACK, ArrayOps.TRANSPOSE)) {
            assertTrue(device.kernel(op.name(), DType.STRING).isPresent(), op.name());
        }
        for (OpDef op : List.of(ArrayOps.CAST, ArrayOps.ONE_HOT, ArrayOps.ONES_LIKE, ArrayOps.RANGE, MathOps.ADD, MathOps.MATMUL, MathOps.SUM)) {
            assertFalse(device.kernel(op.name(), DType.STRING).isPresent(), op.name());
        }
    }

    @Test
    void stringsMoveThroughArrayOps() {
        Output x = tf.constant(new String[][] {{"a", "bb"}, {"", "d"}});
        assertEquals(Tensor.fromJava(new String[][] {{"a", ""}, {"bb", "d"}}), eval(tf.transpose(x, 1, 0)));
        assertEquals(Tensor.fromJava(new String[] {"a", "bb", "", "d"}), eval(tf.reshape(x, 4)));
        assertEquals(Tensor.fromJava(new String[][] {{"a", "bb", "a", "bb"}, {"", "d", "", "d"}}), eval(tf.concat(List.of(x, x), 1)));
        assertEquals(Tensor.zeros(DType.STRING, Shape.of(2, 2)), eval(tf.zerosLike(x)));
        assertEquals(Tensor.fromJava(new String[] {"d", "a"}), eval(tf.gather(tf.reshape(x, 4), tf.constant(new int[] {3, 0}), 0)));
    }

    // ---- tf.Example by hand: Example{1: Features{1: entry{1: key, 2: Feature{kind: list{1: values}}}}} ----

    private static byte[] field(int number, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(number << 3 | 2);
        b.write(body.length); // every test message is shorter than 128 bytes
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    private static byte[] entry(String key, int kind, byte[] list) {
        return field(1, cat(field(1, key.getBytes(StandardCharsets.UTF_8)), field(2, field(kind, list))));
    }

    private static byte[] example(byte[]... entries) { return field(1, cat(entries)); }

    /** Floats unpacked (each its own fixed32 field 1), little-endian. */
    private static byte[] unpackedFloats(float... v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (float f : v) {
            b.write(1 << 3 | 5);
            int bits = Float.floatToIntBits(f);
            for (int i = 0; i < 4; i++) b.write(bits >>> 8 * i);
        }
        return b.toByteArray();
    }

    /** Small non-negative int64s packed: each one varint byte. */
    private static byte[] packedSmallLongs(int... v) {
        byte[] body = new byte[v.length];
        for (int i = 0; i < v.length; i++) body[i] = (byte) v[i];
        return field(1, body);
    }

    private List<Output> parse(byte[][] serialized, List<DenseFeature> features) {
        return tf.strings.parseExample(tf.constant(Tensor.of(Shape.of(serialized.length), serialized)), features);
    }

    @Test
    void parseExampleReadsWireFormatVariantsAndDefaults() {
        byte[] first = example(entry("x", 2, unpackedFloats(1.5f, -2f)), entry("n", 3, packedSmallLongs(7)),
                entry("s", 1, cat(field(1, "hi".getBytes(StandardCharsets.UTF_8)))), entry("x", 2, unpackedFloats(3f, 4f))); // a later x wins
        byte[] second = cat(example(entry("n", 3, packedSmallLongs(9)), entry("other", 3, packedSmallLongs(1))), new byte[] {(byte) (7 << 3), 5});
        List<Output> out = parse(new byte[][] {first, second}, List.of(
                DenseFeature.withDefault("x", Shape.of(2), Tensor.of(Shape.of(2), new float[] {-1, -1})),
                DenseFeature.required("n", DType.INT64, Shape.of()),
                DenseFeature.withDefault("s", Shape.of(), Tensor.scalar("none"))));
        TensorValue[] v = evalAll(out.get(0).node());
        assertEquals(Tensor.of(Shape.of(2, 2), new float[] {3, 4, -1, -1}), v[0]);
        assertEquals(Tensor.of(Shape.of(2), new long[] {7, 9}), v[1]);
        assertEquals(strings("hi", "none"), v[2]);
    }

    @Test
    void parseExampleNamesWhatIsWrong() {
        DenseFeature n = DenseFeature.required("n", DType.INT64, Shape.of());
        assertTrue(fails(parse(new byte[][] {example()}, List.of(n)).get(0)).getMessage().contains("lacks feature 'n'"));
        assertTrue(fails(parse(new byte[][] {example(entry("n", 2, unpackedFloats(1)))}, List.of(n)).get(0)).getMessage().contains("float_list"));
        assertTrue(fails(parse(new byte[][] {example(entry("n", 3, packedSmallLongs(1, 2)))}, List.of(n)).get(0)).getMessage().contains("has 2 values"));
        KernelException cut = fails(tf.withName("parser").strings.parseExample(tf.constant(Tensor.of(Shape.of(1), new byte[][] {{10, 9, 1}})), List.of(n)).get(0));
        assertTrue(cut.getMessage().contains("parser") && cut.getMessage().contains("could not parse example 0"), cut.getMessage());
    }

    /**
     * Serialized examples are what a served model gets from its callers: thousands of seeded mutations of a valid one
     * (bytes flipped, cut, repeated, varints made endless or huge) each parse or fail with a KernelException that
     * names the node, never with an exception from inside the parser.
     */
    @Test
    void mutatedExamplesParseOrFailNamingTheNode() {
        byte[] good = example(entry("x", 2, unpackedFloats(1.5f, -2f)), entry("n", 3, packedSmallLongs(7)),
                entry("s", 1, cat(field(1, "hi".getBytes(StandardCharsets.UTF_8)))));
        List<DenseFeature> features = List.of(DenseFeature.withDefault("x", Shape.of(2), Tensor.of(Shape.of(2), new float[] {-1, -1})),
                DenseFeature.required("n", DType.INT64, Shape.of()), DenseFeature.withDefault("s", Shape.of(), Tensor.scalar("none")));
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        int parsed = 0, refused = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] b = good.clone();
            switch (r.nextInt(4)) {
                case 0 -> { for (int k = 1 + r.nextInt(3); k > 0; k--) b[r.nextInt(b.length)] = (byte) r.nextInt(256); }
                case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
                case 2 -> b = cat(b, java.util.Arrays.copyOfRange(b, r.nextInt(b.length), b.length));
                default -> { // a run of continuation bytes: a varint (length, tag or value) that never ends or overflows
                    int at = r.nextInt(b.length);
                    for (int k = at; k < Math.min(b.length, at + 1 + r.nextInt(11)); k++) b[k] = (byte) 0xff;
                }
            }
            List<Output> out = parse(new byte[][] {b}, features);
            try {
                evalAll(out.get(0).node());
                parsed++;
            } catch (KernelException e) {
                assertTrue(e.getCause() == null, "mutation " + i + ": " + e + " caused by " + e.getCause());
                assertTrue(e.getMessage().contains("ParseExample"), e.getMessage());
                refused++;
            }
        }
        assertTrue(parsed > 0 && refused > 0, parsed + " parsed, " + refused + " refused");
    }

    @Test
    void stringToNumberReadsDecimalsOnly() {
        assertEquals(Tensor.of(Shape.of(4), new double[] {1.5, -300, Double.POSITIVE_INFINITY, 0.5}),
                eval(tf.strings.toNumber(tf.constant(strings("1.5", " -3e2 ", "INF", ".5")), DType.FLOAT64)));
        for (String bad : new String[] {"1f", "0x10", "abc", "", "1.5.2"}) fails(tf.strings.toNumber(tf.constant(strings(bad)), DType.FLOAT32));
        KernelException e = fails(tf.strings.toNumber(tf.constant(strings("1", "2147483648")), DType.INT32));
        assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("2147483648"), e.getMessage());
    }

    @Test
    void asStringWritesWhatCPrintfWrites() {
        Output x = tf.constant(new double[] {0.125, 0.375, 1e-5, 123456789, -2.5e-300, -0.0});
        // glibc: exact binary value, ties to even (0.125 -> 0.12, 0.375 -> 0.38); %g drops trailing zeros.
        assertEquals(strings("0.12", "0.38", "0.00", "123456789.00", "-0.00", "-0.00"), eval(tf.strings.asString(x, 2, false, false, -1, "")));
        assertEquals(strings("1.250e-01", "3.750e-01", "1.000e-05", "1.235e+08", "-2.500e-300", "-0.000e+00"), eval(tf.strings.asString(x, 3, true, false, -1, "")));
        assertEquals(strings("0.125", "0.375", "1e-05", "1.23457e+08", "-2.5e-300", "-0"), eval(tf.strings.asString(x, -1, false, true, -1, "")));
        assertEquals(strings("-00042", "000007", "   nan"), Tensor.of(Shape.of(3), new String[] {
                eval(tf.strings.asString(tf.constant(new int[] {-42, 7}), -1, false, false, 6, "0")).getString(0),
                eval(tf.strings.asString(tf.constant(new int[] {-42, 7}), -1, false, false, 6, "0")).getString(1),
                eval(tf.strings.asString(tf.constant(new float[] {Float.NaN}), -1, false, false, 6, "")).getString(0)}));
        assertEquals(strings("1.000000", "true"), Tensor.of(Shape.of(2), new String[] {
                eval(tf.strings.asString(tf.constant(1f))).stringValue(), eval(tf.strings.asString(tf.constant(true))).stringValue()}));
    }

    @Test
    void decodeRawNeedsEqualWholeElements() {
        assertEquals(Tensor.of(Shape.of(1, 2), new int[] {1, -1}), eval(tf.strings.decodeRaw(tf.constant(Tensor.of(Shape.of(1),
                new byte[][] {{1, 0, 0, 0, -1, -1, -1, -1}})), DType.INT32)));
        assertTrue(fails(tf.strings.decodeRaw(tf.constant(Tensor.of(Shape.of(2), new byte[][] {{1, 2, 3, 4}, {1}})), DType.INT32)).getMessage().contains("one length"));
        assertTrue(fails(tf.strings.decodeRaw(tf.constant(Tensor.of(Shape.of(1), new byte[][] {{1, 2, 3}})), DType.INT32)).getMessage().contains("whole"));
    }

    @Test
    void summariesRefuseNanAndDuplicateTags() {
        KernelException nan = fails(tf.summary.histogram("w", tf.constant(new float[] {1, Float.NaN})));
        assertTrue(nan.getMessage().contains("NaN in summary histogram for: w"), nan.getMessage());
        Output a = tf.summary.scalar("loss", tf.constant(1f));
        assertTrue(fails(tf.summary.merge(List.of(a, a))).getMessage().contains("duplicate tag loss"));
        assertTrue(fails(tf.summary.merge(List.of(tf.constant(new byte[] {10, 9})))).getMessage().contains("not a serialized Summary"));
        // ScalarSummary of one value: Summary{value{tag "t", simple_value 0}}; a oneof member is written even at zero.
        assertArrayEquals(new byte[] {10, 8, 10, 1, 't', 21, 0, 0, 0, 0}, eval(tf.summary.scalar("t", tf.constant(0f))).bytesValue());
    }

    @Test
    void badGraphsFailWhenBuiltNamingTheNode() {
        var e = assertThrows(dev.nagare.graph.GraphException.class, () -> tf.withName("parse").strings.parseExample(tf.constant("x"),
                List.of(DenseFeature.required("k", DType.INT32, Shape.of()))));
        assertTrue(e.getMessage().contains("parse") && e.getMessage().contains("float32, int64 or string"), e.getMessage());
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.strings.parseExample(tf.constant("x"),
                List.of(DenseFeature.withDefault("k", Shape.of(2), Tensor.of(Shape.of(3), new float[3])))));
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.strings.parseExample(tf.constant(new String[][] {{"x"}}),
                List.of(DenseFeature.required("k", DType.FLOAT32, Shape.of()))));
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.strings.toNumber(tf.constant(1f), DType.FLOAT32));
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.strings.asString(tf.constant("s")));
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.strings.asString(tf.constant(1), 2, false, false, -1, ""));
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.strings.regexFullMatch(tf.constant("s"), "(unclosed"));
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.strings.join(List.of(tf.constant(new String[] {"a", "b"}),
                tf.constant(new String[] {"a", "b", "c"})), ""));
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.summary.scalar("t", tf.constant("not a number")));
        assertThrows(dev.nagare.graph.GraphException.class, () -> tf.add(tf.constant("a"), tf.constant("b")));
    }
}
