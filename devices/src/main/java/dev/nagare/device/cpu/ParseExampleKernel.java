package dev.nagare.device.cpu;

import dev.nagare.device.Kernel;
import dev.nagare.device.KernelContext;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses serialized tf.Example protos into dense features. Facts of the format (TensorFlow's example.proto and
 * feature.proto): Example {features = 1}; Features {map&lt;string, Feature&gt; feature = 1} (map entries: key = 1,
 * value = 2); Feature {oneof: bytes_list = 1, float_list = 2, int64_list = 3}, each list's values in field 1
 * (floats and int64s packed or not). A later entry for the same key replaces an earlier one, as in a parsed map.
 */
final class ParseExampleKernel implements Kernel {
    private static final int BYTES_LIST = 1, FLOAT_LIST = 2, INT64_LIST = 3;

    private final String[] keys;
    private final DType[] types;
    private final Shape[] shapes;
    private final Map<String, Integer> index = new HashMap<>();

    ParseExampleKernel(Node node) {
        this.keys = node.attr("dense_keys");
        this.types = node.attr("Tdense");
        this.shapes = node.attr("dense_shapes");
        for (int i = 0; i < keys.length; i++) index.put(keys[i], i);
    }

    /** Where one feature's values sit in one serialized example: its kind and the bytes of its list. */
    private record Found(int kind, int from, int to) {}

    @Override
    public TensorValue[] compute(KernelContext ctx, TensorValue[] in) {
        Tensor serialized = (Tensor) in[0];
        if (serialized.rank() > 1) throw ctx.fail("the serialized examples must be a scalar or a vector, got shape " + serialized.shape());
        byte[][] examples = serialized.stringData();
        int batch = examples.length;
        Object[] outs = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) {
            Tensor d = (Tensor) in[1 + k];
            if (d.size() != 0 && d.size() != shapes[k].size()) {
                throw ctx.fail("the default of feature '" + keys[k] + "' has shape " + d.shape() + ", the feature " + shapes[k]);
            }
            outs[k] = java.lang.reflect.Array.newInstance(Tensor.arrayClass(types[k]).getComponentType(), batch * shapes[k].size());
        }
        for (int e = 0; e < batch; e++) {
            Found[] found = new Found[keys.length];
            try {
                locate(examples[e], found);
            } catch (ProtoWire.MalformedException x) {
                throw ctx.fail("could not parse example " + e + " as a tf.Example: " + x.getMessage());
            }
            for (int k = 0; k < keys.length; k++) {
                int size = shapes[k].size();
                Tensor d = (Tensor) in[1 + k];
                if (found[k] == null) {
                    if (d.size() == 0) throw ctx.fail("example " + e + " lacks feature '" + keys[k] + "', which is required (it has no default)");
                    System.arraycopy(d.data(), 0, outs[k], e * size, size);
                    continue;
                }
                try {
                    int n = read(found[k], examples[e], outs[k], e * size, size);
                    if (n != size) {
                        throw ctx.fail("feature '" + keys[k] + "' of example " + e + " has " + n + " values, its shape " + shapes[k] + " holds " + size);
                    }
                } catch (ProtoWire.MalformedException x) {
                    throw ctx.fail("could not parse feature '" + keys[k] + "' of example " + e + ": " + x.getMessage());
                } catch (KindMismatch x) {
                    throw ctx.fail("feature '" + keys[k] + "' of example " + e + " is a " + x.getMessage() + ", but " + types[k] + " was asked for");
                }
            }
        }
        TensorValue[] result = new TensorValue[keys.length];
        for (int k = 0; k < keys.length; k++) {
            int[] dims = shapes[k].dims();
            Shape shape = serialized.rank() == 0 ? shapes[k] : Shape.of(prepend(batch, dims));
            result[k] = Tensor.of(types[k], shape, outs[k]);
        }
        return result;
    }

    private static int[] prepend(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** Finds the list of each asked-for key in one Example. */
    private void locate(byte[] bytes, Found[] found) throws ProtoWire.MalformedException {
        ProtoWire.Reader example = new ProtoWire.Reader(bytes, 0, bytes.length);
        while (example.hasMore()) {
            long key = example.varint();
            if (key != (1 << 3 | ProtoWire.LENGTH_DELIMITED)) { example.skipValue((int) (key & 7)); continue; }
            int len = example.length(), start = example.position();
            example.skip(len);
            ProtoWire.Reader features = new ProtoWire.Reader(bytes, start, start + len);
            while (features.hasMore()) {
                long fk = features.varint();
                if (fk != (1 << 3 | ProtoWire.LENGTH_DELIMITED)) { features.skipValue((int) (fk & 7)); continue; }
                int entryLen = features.length(), entryStart = features.position();
                features.skip(entryLen);
                mapEntry(bytes, entryStart, entryStart + entryLen, found);
            }
        }
    }

    private void mapEntry(byte[] bytes, int from, int to, Found[] found) throws ProtoWire.MalformedException {
        ProtoWire.Reader entry = new ProtoWire.Reader(bytes, from, to);
        String name = "";
        int valueFrom = -1, valueTo = -1;
        while (entry.hasMore()) {
            long k = entry.varint();
            if (k == (1 << 3 | ProtoWire.LENGTH_DELIMITED)) {
                int len = entry.length();
                name = new String(bytes, entry.position(), len, StandardCharsets.UTF_8);
                entry.skip(len);
            } else if (k == (2 << 3 | ProtoWire.LENGTH_DELIMITED)) {
                int len = entry.length();
                valueFrom = entry.position();
                valueTo = valueFrom + len;
                entry.skip(len);
            } else {
                entry.skipValue((int) (k & 7));
            }
        }
        Integer slot = index.get(name);
        if (slot == null) return;
        // A Feature: the last list field set is its kind; a Feature with none set counts as missing.
        ProtoWire.Reader feature = new ProtoWire.Reader(bytes, Math.max(valueFrom, 0), Math.max(valueTo, 0));
        Found f = null;
        while (feature.hasMore()) {
            long k = feature.varint();
            int field = (int) (k >>> 3);
            if ((k & 7) == ProtoWire.LENGTH_DELIMITED && field >= BYTES_LIST && field <= INT64_LIST) {
                int len = feature.length();
                f = new Found(field, feature.position(), feature.position() + len);
                feature.skip(len);
            } else {
                feature.skipValue((int) (k & 7));
            }
        }
        found[slot] = f;
    }

    private static final class KindMismatch extends Exception {
        KindMismatch(String kind) { super(kind); }
    }

    /** Copies the values of one list into {@code out} from {@code at}, at most {@code room} of them; returns how many it holds. */
    private static int read(Found f, byte[] bytes, Object out, int at, int room) throws ProtoWire.MalformedException, KindMismatch {
        String kind = switch (f.kind()) { case BYTES_LIST -> "bytes_list"; case FLOAT_LIST -> "float_list"; default -> "int64_list"; };
        boolean fits = switch (out) {
            case float[] a -> f.kind() == FLOAT_LIST;
            case long[] a -> f.kind() == INT64_LIST;
            case byte[][] a -> f.kind() == BYTES_LIST;
            default -> false;
        };
        if (!fits) throw new KindMismatch(kind);
        ProtoWire.Reader list = new ProtoWire.Reader(bytes, f.from(), f.to());
        int n = 0;
        while (list.hasMore()) {
            long k = list.varint();
            int wire = (int) (k & 7);
            if (k >>> 3 != 1) { list.skipValue(wire); continue; }
            switch (out) {
                case float[] a when wire == ProtoWire.LENGTH_DELIMITED -> {
                    int len = list.length();
                    if (len % 4 != 0) throw new ProtoWire.MalformedException("packed floats of " + len + " bytes");
                    ProtoWire.Reader packed = new ProtoWire.Reader(bytes, list.position(), list.position() + len);
                    list.skip(len);
                    while (packed.hasMore()) { float v = Float.intBitsToFloat(packed.fixed32()); if (n < room) a[at + n] = v; n++; }
                }
                case float[] a when wire == ProtoWire.FIXED32 -> { float v = Float.intBitsToFloat(list.fixed32()); if (n < room) a[at + n] = v; n++; }
                case long[] a when wire == ProtoWire.LENGTH_DELIMITED -> {
                    int len = list.length();
                    ProtoWire.Reader packed = new ProtoWire.Reader(bytes, list.position(), list.position() + len);
                    list.skip(len);
                    while (packed.hasMore()) { long v = packed.varint(); if (n < room) a[at + n] = v; n++; }
                }
                case long[] a when wire == ProtoWire.VARINT -> { long v = list.varint(); if (n < room) a[at + n] = v; n++; }
                case byte[][] a when wire == ProtoWire.LENGTH_DELIMITED -> {
                    int len = list.length();
                    if (n < room) a[at + n] = java.util.Arrays.copyOfRange(bytes, list.position(), list.position() + len);
                    list.skip(len);
                    n++;
                }
                default -> throw new ProtoWire.MalformedException("a " + kind + " value of wire type " + wire);
            }
        }
        return n;
    }
}
