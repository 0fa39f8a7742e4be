package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/** AttrValues: built for export, and read from a NodeDef with checks that name the attr that is wrong. */
final class Attrs {
    private final Map<String, AttrValue> attrs;

    private Attrs(NodeDef def) { this.attrs = def.getAttrMap(); }

    static Attrs of(NodeDef def) { return new Attrs(def); }

    // ---- builders ----

    static AttrValue type(DType t) { return AttrValue.newBuilder().setType(DTypes.toTf(t)).build(); }

    static AttrValue shape(Shape s) { return AttrValue.newBuilder().setShape(TensorProtos.shape(s)).build(); }

    static AttrValue bool(boolean b) { return AttrValue.newBuilder().setB(b).build(); }

    static AttrValue integer(long i) { return AttrValue.newBuilder().setI(i).build(); }

    static AttrValue f(double v) { return AttrValue.newBuilder().setF((float) v).build(); }

    static AttrValue string(String s) { return AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8(s)).build(); }

    static AttrValue types(java.util.List<DType> ts) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (DType t : ts) l.addType(DTypes.toTf(t));
        return AttrValue.newBuilder().setList(l).build();
    }

    static AttrValue floating(float f) { return AttrValue.newBuilder().setF(f).build(); }

    static AttrValue tensor(Tensor t) { return AttrValue.newBuilder().setTensor(TensorProtos.tensor(t)).build(); }

    static AttrValue ints(int[] values) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (int v : values) l.addI(v);
        return AttrValue.newBuilder().setList(l).build();
    }

    /** A func attr naming a function of the library, without attrs of its own. */
    static AttrValue funcAttr(String function) {
        return AttrValue.newBuilder().setFunc(org.tensorflow.proto.NameAttrList.newBuilder().setName(function)).build();
    }

    static AttrValue shapes(java.util.List<Shape> shapes) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (Shape s : shapes) l.addShape(TensorProtos.shape(s));
        return AttrValue.newBuilder().setList(l).build();
    }

    // ---- readers ----

    /** A required func attr: the name of the function it calls (attrs of the call are not supported). */
    String func(String name) {
        AttrValue v = kind(require(name), name, AttrValue.ValueCase.FUNC);
        if (v.getFunc().getAttrCount() > 0) throw BadModel.unsupported("attr '" + name + "' passes attrs to function '" + v.getFunc().getName() + "'");
        return v.getFunc().getName();
    }

    /** A list(shape) attr, or null when absent or empty. */
    java.util.List<Shape> shapes(String name) {
        if (!has(name) || attrs.get(name).getValueCase() != AttrValue.ValueCase.LIST) return null;
        java.util.List<Shape> out = new java.util.ArrayList<>();
        for (var s : attrs.get(name).getList().getShapeList()) out.add(TensorProtos.shape(s));
        return out.isEmpty() ? null : out;
    }

    boolean has(String name) { return attrs.containsKey(name); }

    /** A required type attr, as a Nagare dtype. */
    DType type(String name) { return DTypes.fromTf(kind(require(name), name, AttrValue.ValueCase.TYPE).getTypeValue()); }

    /** A type attr with TensorFlow's default when absent. */
    DType type(String name, DType absent) { return has(name) ? type(name) : absent; }

    boolean bool(String name, boolean absent) {
        return has(name) ? kind(attrs.get(name), name, AttrValue.ValueCase.B).getB() : absent;
    }

    long integer(String name, long absent) {
        return has(name) ? kind(attrs.get(name), name, AttrValue.ValueCase.I).getI() : absent;
    }

    /** A float attr, widened to double. */
    double floating(String name, double absent) {
        return has(name) ? kind(attrs.get(name), name, AttrValue.ValueCase.F).getF() : absent;
    }

    String string(String name, String absent) {
        return has(name) ? kind(attrs.get(name), name, AttrValue.ValueCase.S).getS().toStringUtf8() : absent;
    }

    Shape shape(String name) { return TensorProtos.shape(kind(require(name), name, AttrValue.ValueCase.SHAPE).getShape()); }

    Shape shape(String name, Shape absent) { return has(name) ? shape(name) : absent; }

    /** A required tensor attr, undecoded: decoding may expand it, see {@link TensorProtos#tensor}. */
    org.tensorflow.proto.TensorProto tensor(String name) { return kind(require(name), name, AttrValue.ValueCase.TENSOR).getTensor(); }

    /** A list(int) attr as ints; an empty list may come as an AttrValue with no value set. */
    int[] ints(String name, int[] absent) {
        if (!has(name)) return absent;
        AttrValue v = attrs.get(name);
        if (v.getValueCase() == AttrValue.ValueCase.VALUE_NOT_SET) return new int[0];
        AttrValue.ListValue l = kind(v, name, AttrValue.ValueCase.LIST).getList();
        int[] out = new int[l.getICount()];
        for (int i = 0; i < out.length; i++) {
            long x = l.getI(i);
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) throw BadModel.bad("attr '" + name + "' holds " + x + ", beyond int range");
            out[i] = (int) x;
        }
        return out;
    }

    /** A list(type) attr; absent or empty is an empty list. */
    java.util.List<DType> typeList(String name) {
        AttrValue v = attrs.get(name);
        if (v == null || v.getValueCase() == AttrValue.ValueCase.VALUE_NOT_SET) return java.util.List.of();
        return kind(v, name, AttrValue.ValueCase.LIST).getList().getTypeValueList().stream().map(DTypes::fromTf).toList();
    }

    /** A list(shape) attr; absent or empty is an empty list. */
    java.util.List<Shape> shapeList(String name) {
        AttrValue v = attrs.get(name);
        if (v == null || v.getValueCase() == AttrValue.ValueCase.VALUE_NOT_SET) return java.util.List.of();
        return kind(v, name, AttrValue.ValueCase.LIST).getList().getShapeList().stream().map(TensorProtos::shape).toList();
    }

    private AttrValue require(String name) {
        AttrValue v = attrs.get(name);
        if (v == null) throw BadModel.bad("attr '" + name + "' is missing");
        return v;
    }

    private static AttrValue kind(AttrValue v, String name, AttrValue.ValueCase expected) {
        if (v.getValueCase() != expected) {
            throw BadModel.bad("attr '" + name + "' holds a " + v.getValueCase() + " value, expected " + expected);
        }
        return v;
    }
}
