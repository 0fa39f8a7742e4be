package dev.nagare.session.grad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The gradient machinery itself: summing paths, pruning, null results, blocking ops, op coverage, stability. */
class GradientsTest {

    private static Tensor vec(double... v) { return Tensor.of(Shape.of(v.length), v); }

    @Test
    void aValueUsedOnTwoPathsGetsTheSumOfTheirGradients() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output y = tf.reduceSum(tf.add(tf.mul(x, x), tf.mul(tf.scalar(3, DType.FLOAT64), x)));
        Output dx = tf.gradients(y, List.of(x)).get(0);
        try (Session s = new Session(g)) {
            Tensor got = s.runner().feed(x, vec(-2, 0.5, 4)).fetch(dx).run().get(0);
            assertArrayEquals(new double[] {-1, 4, 11}, got.doubleData(), 1e-12); // 2x + 3
        }
    }

    /** y = sum(x^2) + sum(exp(z) * [1, 2, 3]): the z branch does not depend on x. */
    private static Output[] twoBranches(Tf tf) {
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output z = tf.placeholder(DType.FLOAT64, Shape.of(3), "z");
        Output zBranch = tf.reduceSum(tf.mul(tf.exp(z), tf.constant(new double[] {1, 2, 3})));
        return new Output[] {x, z, tf.add(tf.reduceSum(tf.square(x)), zBranch)};
    }

    @Test
    void nodesThatDoNotDependOnXGetNoGradientNodes() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output[] xzy = twoBranches(tf);
        int before = g.size();
        tf.gradients(xzy[2], List.of(xzy[0]));
        // No gradient node reads anything computed from z, except y itself (the seed, ones of y's shape, reads y).
        Set<Node> fromZ = new HashSet<>();
        for (Node n : g.nodes().subList(0, before)) {
            if (n == xzy[1].node() || n.inputs().stream().anyMatch(in -> fromZ.contains(in.node()))) fromZ.add(n);
        }
        fromZ.remove(xzy[2].node());
        for (Node n : g.nodes().subList(before, g.size())) {
            for (Output in : n.inputs()) {
                assertTrue(!fromZ.contains(in.node()), "gradient node " + n + " reads " + in.name() + ", which depends on z");
            }
        }
    }

    @Test
    void aPlaceholderTheGradientDoesNotNeedNeedNotBeFed() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output[] xzy = twoBranches(tf);
        Output dx = tf.gradients(xzy[2], List.of(xzy[0])).get(0);
        try (Session s = new Session(g)) {
            // d/dx does not depend on z's value, and y's shape is known statically: z need not be fed.
            Tensor got = s.runner().feed(xzy[0], vec(1, -2, 3)).fetch(dx).run().get(0);
            assertArrayEquals(new double[] {2, -4, 6}, got.doubleData(), 1e-12);
        }
    }

    @Test
    void anXThatYDoesNotDependOnGetsNull() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output unrelated = tf.placeholder(DType.FLOAT64, Shape.of(3), "unrelated");
        tf.mul(unrelated, unrelated); // a consumer that is not on the path to y
        Output y = tf.reduceSum(tf.square(x));
        List<Output> grads = tf.gradients(y, List.of(x, unrelated));
        assertNotNull(grads.get(0));
        assertNull(grads.get(1), "not zeros: null");
    }

    @Test
    void integerInputsGetNoGradient() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output i = tf.placeholder(DType.INT32, Shape.of(3), "i");
        Output y = tf.reduceSum(tf.mul(x, tf.cast(i, DType.FLOAT64)));
        List<Output> grads = tf.gradients(y, List.of(x, i));
        assertNotNull(grads.get(0));
        assertNull(grads.get(1), "an int32 placeholder gets no gradient");
        try (Session s = new Session(g)) {
            Tensor dx = s.runner().feed(x, vec(1, 2, 3)).feed(i, Tensor.of(Shape.of(3), new int[] {4, -5, 6}))
                    .fetch(grads.get(0)).run().get(0);
            assertArrayEquals(new double[] {4, -5, 6}, dx.doubleData(), 0);
        }
    }

    // ---- a y that depends on x only through ops that pass no gradient: null, as in TensorFlow ----

    private static void assertBlockedBy(String opName, Function<Tf, Output> buildY, Output[] x) {
        Tf tf = Tf.of(x[0].graph());
        Output y = buildY.apply(tf);
        assertNull(tf.gradients(y, List.of(x[0])).get(0), "y depends on x only through " + opName + ": no gradient, as tf.gradients gives None");
    }

    private static Output[] floatX() {
        Graph g = new Graph();
        return new Output[] {Tf.of(g).placeholder(DType.FLOAT64, Shape.of(2, 3), "x")};
    }

    @Test
    void onlyThroughArgmaxGivesNull() {
        Output[] x = floatX();
        assertBlockedBy("ArgMax", tf -> tf.reduceSum(tf.cast(tf.argmax(x[0], 1), DType.FLOAT64)), x);
    }

    @Test
    void onlyThroughEqualGivesNull() {
        Output[] x = floatX();
        assertBlockedBy("Equal", tf -> tf.reduceSum(tf.cast(tf.equal(x[0], tf.scalar(1, DType.FLOAT64)), DType.FLOAT64)), x);
    }

    @Test
    void onlyThroughACastToIntGivesNull() {
        Output[] x = floatX();
        assertBlockedBy("Cast", tf -> tf.reduceSum(tf.cast(tf.cast(x[0], DType.INT32), DType.FLOAT64)), x);
    }

    @Test
    void onlyThroughOnesLikeGivesNull() {
        Output[] x = floatX();
        assertBlockedBy("OnesLike", tf -> tf.reduceSum(tf.onesLike(x[0])), x);
    }

    @Test
    void throughStopGradientOnlyGivesNullAndBesideItTheOtherPath() {
        Output[] x = floatX();
        assertBlockedBy("StopGradient", tf -> tf.reduceSum(tf.square(tf.stopGradient(x[0]))), x);
        Tf tf = Tf.of(x[0].graph());
        // y = sum(x * stop(x)): only the first factor passes a gradient, d/dx = stop(x) = x.
        Output dx = tf.gradients(tf.reduceSum(tf.mul(x[0], tf.stopGradient(x[0]))), List.of(x[0])).get(0);
        try (Session s = new Session(x[0].graph())) {
            Tensor v = Tensor.of(Shape.of(2, 3), new double[] {1, -2, 3, 0.5, 0, 4});
            assertArrayEquals(v.doubleData(), s.runner().feed(x[0], v).fetch(dx).run().get(0).doubleData(), 0);
        }
    }

    // ---- every op has made a decision about gradients ----


    /** Each entry decides once: a gradient rule, "not differentiable", or no inputs (a source). No list here to keep. */
    @Test
    void everyOpHasAGradientRuleOrIsDeclaredNotDifferentiableOrIsASource() {
        List<String> problems = new ArrayList<>();
        for (OpDef op : OpRegistry.standard().all()) {
            if (!op.gradientDecided()) problems.add(op.name() + ": differentiable but without a gradient rule (give it one, or declare it notDifferentiable())");
            if (op.gradientRule() != null && !op.isDifferentiable()) problems.add(op.name() + ": a rule and 'not differentiable'");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void sourcesHaveNoInputs() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> sources = List.of(tf.constant(1.0), tf.placeholder(DType.FLOAT64, Shape.of(2)), tf.variable(tf.constant(2.0)));
        Set<String> seen = new TreeSet<>();
        for (Output s : sources) {
            assertTrue(s.node().inputs().isEmpty(), s.node() + " has inputs");
            seen.add(s.node().opName());
        }
        for (String op : seen) {
            OpDef def = OpRegistry.standard().find(op).orElseThrow();
            assertTrue(def.inputs() != null && def.inputs().isEmpty() && def.gradientRule() == null, op + " is declared a source: no inputs, no rule");
        }
        assertEquals(Set.of("Const", "Placeholder", "VariableV2"), seen);
    }

    @Test
    void everyOpWithAGradientRuleIsCheckedNumerically() {
        Set<String> exercised = new HashSet<>();
        GradientCheckCases.all().forEach(c -> {
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            Output[] in = new Output[c.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                Tensor t = c.inputs().get(i).make(new java.util.Random(0));
                in[i] = tf.placeholder(t.dtype(), t.shape());
            }
            c.op().apply(tf, in);
            for (Node n : g.nodes()) exercised.add(n.opName());
        });
        Set<String> missing = new TreeSet<>();
        for (OpDef op : OpRegistry.standard().all()) {
            boolean entryChecks = op.tests() != null && op.tests().hasGradientSample(); // EntryOpTest's finite differences
            boolean refuses = op.gradientRule() instanceof dev.nagare.ops.Gradient.Refusal; // EntryOpTest checks that it refuses
            if (op.gradientRule() != null && !exercised.contains(op.name()) && !entryChecks && !refuses) missing.add(op.name());
        }
        assertTrue(missing.isEmpty(), "ops with a gradient rule but neither a gradient sample in their entry nor a row in GradientCheckCases: " + missing);
    }

    // ---- variables ----

    @Test
    void gradientsWithRespectToAVariable() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output w = tf.variable(tf.constant(new double[] {1, -2, 3}), "w");
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output y = tf.reduceSum(tf.square(tf.mul(tf.identity(w), x)));
        Output dw = tf.gradients(y, List.of(w)).get(0);
        assertNotNull(dw);
        Node init = tf.globalVariablesInitializer();
        try (Session s = new Session(g)) {
            s.run(init);
            Tensor got = s.runner().feed(x, vec(2, 0.5, -1)).fetch(dw).run().get(0);
            assertArrayEquals(new double[] {8, -1, 6}, got.doubleData(), 1e-12); // 2 w x^2
        }
    }

    // ---- numerically stable cross-entropy ----

    private static final double[][] LOGITS = {{1000, -1000, 0}, {0, 0, 0}, {-1000, 1000, 999}};
    private static final double[][] LABELS = {{0.2, 0.3, 0.5}, {0, 0, 1}, {0.5, 0.25, 0.25}};

    /** log(sum(exp(row))) with the max shifted out. */
    private static double logSumExp(double[] row) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : row) m = Math.max(m, v);
        double s = 0;
        for (double v : row) s += Math.exp(v - m);
        return m + Math.log(s);
    }

    @Test
    void softmaxCrossEntropyIsStableForLargeLogits() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output logits = tf.constant(LOGITS);
        Output labels = tf.constant(LABELS);
        Output loss = tf.nn.softmaxCrossEntropyWithLogits(labels, logits);
        List<Output> grads = tf.gradients(tf.reduceSum(loss), List.of(logits, labels));
        try (Session s = new Session(g)) {
            List<Tensor> got = s.runner().fetch(loss).fetch(grads.get(0)).fetch(grads.get(1)).run();
            for (int b = 0; b < LOGITS.length; b++) {
                double lse = logSumExp(LOGITS[b]), want = 0;
                for (int j = 0; j < 3; j++) want -= LABELS[b][j] * (LOGITS[b][j] - lse);
                assertClose(want, got.get(0).getDouble(b), "loss of row " + b);
                for (int j = 0; j < 3; j++) {
                    double logSoftmax = LOGITS[b][j] - lse;
                    assertClose(Math.exp(logSoftmax) - LABELS[b][j], got.get(1).getDouble(b * 3 + j), "d/dlogits[" + b + "," + j + "]");
                    assertClose(-logSoftmax, got.get(2).getDouble(b * 3 + j), "d/dlabels[" + b + "," + j + "]");
                }
            }
        }
    }

    @Test
    void sparseSoftmaxCrossEntropyIsStableForLargeLogits() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        int[] classes = {1, 2, 0};
        Output logits = tf.constant(LOGITS);
        Output loss = tf.nn.sparseSoftmaxCrossEntropyWithLogits(tf.constant(classes), logits);
        Output dLogits = tf.gradients(tf.reduceSum(loss), List.of(logits)).get(0);
        try (Session s = new Session(g)) {
            List<Tensor> got = s.runner().fetch(loss).fetch(dLogits).run();
            for (int b = 0; b < LOGITS.length; b++) {
                double lse = logSumExp(LOGITS[b]);
                assertClose(lse - LOGITS[b][classes[b]], got.get(0).getDouble(b), "loss of row " + b);
                for (int j = 0; j < 3; j++) {
                    double want = Math.exp(LOGITS[b][j] - lse) - (j == classes[b] ? 1 : 0);
                    assertClose(want, got.get(1).getDouble(b * 3 + j), "d/dlogits[" + b + "," + j + "]");
                }
            }
        }
    }

    @Test
    void sigmoidCrossEntropyIsStableForLargeLogits() {
        checkSigmoidCrossEntropy(new double[] {1000, -1000, 2.5, -30}, new double[] {0.3, 0.7, 0, 1});
    }

    /** Logits of exactly 0 are common (zero-initialized weights): the gradient there is sigmoid(0) - z = 0.5 - z. */
    @Test
    void sigmoidCrossEntropyGradientIsRightAtLogitZero() {
        checkSigmoidCrossEntropy(new double[] {0, 0, 0}, new double[] {1, 0.25, 0});
    }

    private static void checkSigmoidCrossEntropy(double[] x, double[] z) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output logits = tf.constant(x);
        Output loss = tf.nn.sigmoidCrossEntropyWithLogits(tf.constant(z), logits);
        Output dLogits = tf.gradients(tf.reduceSum(loss), List.of(logits)).get(0);
        try (Session s = new Session(g)) {
            List<Tensor> got = s.runner().fetch(loss).fetch(dLogits).run();
            for (int i = 0; i < x.length; i++) {
                double want = Math.max(x[i], 0) - x[i] * z[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
                assertClose(want, got.get(0).getDouble(i), "loss at logit " + x[i]);
                double sigmoid = 1 / (1 + Math.exp(-x[i]));
                assertClose(sigmoid - z[i], got.get(1).getDouble(i), "d/dlogit at logit " + x[i] + ", label " + z[i]);
            }
        }
    }

    /** xs or ys of another graph: their node ids mean nothing here, so they must be named, not looked up. */
    @Test
    void xsAndYsOfAnotherGraphAreRejectedByName() {
        Tf tf = Tf.of(new Graph());
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output y = tf.reduceSum(tf.square(x));
        Tf other = Tf.of(new Graph());
        Output foreignX = other.placeholder(DType.FLOAT64, Shape.of(3), "fx");
        for (int i = 0; i < 10; i++) other.constant(1.0); // ids past the end of tf's graph
        Output foreignY = other.reduceSum(other.square(foreignX), new int[] {0}, false);
        GraphException ex = assertThrows(GraphException.class, () -> tf.gradients(y, List.of(foreignX)));
        assertTrue(ex.getMessage().contains("'fx:0'") && ex.getMessage().contains("another graph"), ex.getMessage());
        GraphException ey = assertThrows(GraphException.class, () -> tf.gradients(foreignY, List.of(x)));
        assertTrue(ey.getMessage().contains("'" + foreignY.name() + "'") && ey.getMessage().contains("another graph"), ey.getMessage());
        GraphException seed = assertThrows(GraphException.class,
                () -> dev.nagare.ops.Gradients.of(tf, List.of(y), List.of(x), List.of(other.scalar(1, DType.FLOAT64))));
        assertTrue(seed.getMessage().contains("another graph"), seed.getMessage());
    }

    private static void assertClose(double want, double got, String what) {
        assertTrue(Double.isFinite(got), what + ": not finite: " + got);
        assertEquals(want, got, 1e-9 * (1 + Math.abs(want)), what);
    }
}
