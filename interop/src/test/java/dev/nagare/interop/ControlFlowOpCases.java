package dev.nagare.interop;

import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.List;

/**
 * Test graphs of cond and while loops, exported as TensorFlow's If / StatelessIf and While / StatelessWhile
 * with function bodies, run by TensorFlow Java and read back. Predicates and iteration counts are fed, so one
 * graph takes either branch and runs a varying number of iterations.
 */
final class ControlFlowOpCases {
    private ControlFlowOpCases() {}

    static List<OpCase> all() {
        return List.of(
                values("If", v -> {
                    Tf t1 = v.variant("f32 [2,3], fed predicate true");
                    Output x = v.feed(v.floats(2, 3)), y = v.feed(v.floats(2, 3));
                    Output p = v.feed(Tensor.scalar(true));
                    v.out(t1.cond(p, () -> t1.mul(x, y), () -> t1.sub(x, t1.sin(y))));
                    Tf tf = v.variant("f32 [2,3], fed predicate false");
                    Output x2 = v.feed(v.floats(2, 3)), y2 = v.feed(v.floats(2, 3));
                    Output p2 = v.feed(Tensor.scalar(false));
                    Tf t2 = tf;
                    v.out(t2.cond(p2, () -> t2.mul(x2, y2), () -> t2.sub(x2, t2.sin(y2))));
                    tf = v.variant("two results (f64 and i32), computed predicate");
                    Output a = v.feed(v.doubles(4)), k = v.feed(v.ints(4));
                    Tf t3 = tf;
                    v.out(t3.condN(t3.greater(t3.reduceSum(a), t3.scalar(0, DType.FLOAT64)),
                            () -> List.of(t3.exp(a), t3.add(k, t3.constant(1))),
                            () -> List.of(t3.neg(a), t3.mul(k, t3.constant(2)))).toArray(Output[]::new));
                    tf = v.variant("branches that read a variable (passed in as a value)");
                    Tf t4 = tf;
                    Output wv = t4.variable(t4.constant(v.floats(3)), "w");
                    Output x4 = v.feed(v.floats(3)), p4 = v.feed(Tensor.scalar(true));
                    v.out(t4.cond(p4, () -> t4.mul(x4, wv), () -> t4.cond(t4.constant(true), () -> t4.sub(x4, wv), () -> x4)));
                }),
                values("While", v -> {
                    Tf tf = v.variant("sum of a fed count of steps x = x * w + 1, w captured");
                    Output n = v.feed(Tensor.scalar(5)), x = v.feed(v.floats(3)), w = v.feed(v.floats(Shape.scalar(), 0.5, 0.9));
                    Tf t = tf;
                    List<Output> r = t.whileLoop(s -> t.less(s.get(0), n),
                            s -> List.of(t.add(s.get(0), t.constant(1)), t.add(t.mul(s.get(1), w), t.constant(1f))),
                            List.of(t.constant(0), x));
                    v.out(r.get(0), r.get(1));
                    tf = v.variant("a growing vector, shape invariant [?]");
                    Tf t2 = tf;
                    Output m = v.feed(Tensor.scalar(4));
                    List<Output> g = t2.whileLoop(s -> t2.less(s.get(0), m),
                            s -> List.of(t2.add(s.get(0), t2.constant(1)),
                                    t2.concat(List.of(s.get(1), t2.reshape(t2.cast(s.get(0), DType.FLOAT32), 1)), 0)),
                            List.of(t2.constant(0), t2.constant(new float[] {7})), List.of(Shape.scalar(), Shape.of(-1)));
                    v.out(g.get(1));
                    tf = v.variant("a body that reads a variable");
                    Tf t3 = tf;
                    Output scale = t3.variable(t3.constant(v.floats(Shape.scalar(), 0.5, 0.9)), "scale");
                    Output x3 = v.feed(v.floats(2));
                    v.out(t3.whileLoop(s -> t3.less(s.get(0), t3.constant(3)),
                            s -> List.of(t3.add(s.get(0), t3.constant(1)), t3.mul(s.get(1), scale)), List.of(t3.constant(0), x3)).get(1));
                }),
                values("_Arg", v -> {
                    final Tf tf = v.variant("a cond inside a loop body: Collatz steps of a fed number");
                    Output start = v.feed(Tensor.scalar(27));
                    List<Output> r = tf.whileLoop(s -> tf.notEqual(s.get(0), tf.constant(1)),
                            s -> List.of(tf.cond(tf.equal(tf.floorMod(s.get(0), tf.constant(2)), tf.constant(0)),
                                            () -> tf.floorDiv(s.get(0), tf.constant(2)),
                                            () -> tf.add(tf.mul(s.get(0), tf.constant(3)), tf.constant(1))),
                                    tf.add(s.get(1), tf.constant(1))),
                            List.of(start, tf.constant(0)));
                    v.out(r.get(1));
                }));
    }
}
