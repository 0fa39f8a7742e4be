package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import dev.nagare.session.SessionOptions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;

/**
 * Many small random graphs of variable reads, writes and control dependencies, run with random fetches
 * (variables among them) and targets: Nagare with inter-op parallelism on and off must give what a plain
 * sequential interpreter written here gives. The rule it states: the needed nodes run in graph order; a
 * consumer reads a variable when it runs; a variable node fetched itself reads it at its own turn; an
 * assign's result is the variable's new value. Graphs where every access to a variable is ordered against
 * every write to it by data or control edges have one answer in TensorFlow too, whose rule is the same
 * (a read sees the writes ordered before it): a share of those is run by TensorFlow Java as the judge.
 */
class VariableOrderDifferentialTest {
    private static final int GRAPHS = 400;
    private static final int TF_GRAPHS = 25;

    enum Kind { VAR, CONST, FEED, ADD, IDENTITY, ASSIGN, ASSIGN_ADD, ASSIGN_SUB }

    /** One generated node: its kind, value inputs, control inputs (indices of earlier nodes) and variable. */
    record Gen(Kind kind, int[] inputs, int[] controls, int var, float value) {
        boolean writes() { return kind == Kind.ASSIGN || kind == Kind.ASSIGN_ADD || kind == Kind.ASSIGN_SUB; }
    }

    /** A graph and one run signature of it. */
    record Case(List<Gen> nodes, int[] fetches, int[] targets, float feed) {}

    @Test
    void nagareMatchesTheSequentialInterpreterWithInterOpOnAndOff() {
        Random r = new Random(20261201);
        int fetchesOfVariables = 0;
        for (int c = 0; c < GRAPHS; c++) {
            Case k = generate(r, false);
            for (int f : k.fetches) if (k.nodes.get(f).kind == Kind.VAR) fetchesOfVariables++;
            float[][] expected = interpret(k, 3);
            for (boolean interOp : new boolean[] {false, true}) {
                float[][] got = runNagare(k, 3, interOp);
                for (int run = 0; run < expected.length; run++) {
                    for (int i = 0; i < k.fetches.length; i++) {
                        assertEquals(expected[run][i], got[run][i], "graph " + c + " " + describe(k) + ", inter-op " + interOp
                                + ", run " + run + ", fetch " + i);
                    }
                }
            }
        }
        assertTrue(fetchesOfVariables > GRAPHS / 4, "the generator fetched variables only " + fetchesOfVariables + " times");
    }

    @Test
    void tensorFlowAgreesOnGraphsWhereEveryAccessIsOrdered() {
        Random r = new Random(7);
        int judged = 0, tries = 0;
        while (judged < TF_GRAPHS) {
            assertTrue(++tries < 20_000, "the generator made too few race-free graphs");
            Case k = generate(r, true);
            if (!raceFree(k) || k.fetches.length == 0 || !ordersAReadAfterAWrite(k)) continue;
            float[] expected = interpret(k, 1)[0];
            float[] nagare = runNagare(k, 1, true)[0];
            float[] tf = runTensorFlow(k);
            for (int i = 0; i < k.fetches.length; i++) {
                assertEquals(expected[i], nagare[i], "graph " + describe(k) + ", fetch " + i);
                assertEquals(tf[i], nagare[i], "TensorFlow differs on graph " + describe(k) + ", fetch " + i);
            }
            judged++;
        }
    }

    /** TensorFlow moves a fed placeholder's control edges to the feed: a control dependency on it is met. */
    @Test
    void aControlDependencyOnAFedPlaceholderIsMetAsInTensorFlow() {
        List<Gen> nodes = List.of(new Gen(Kind.VAR, new int[0], new int[0], 0, 2), new Gen(Kind.CONST, new int[0], new int[0], -1, 3),
                new Gen(Kind.FEED, new int[0], new int[0], -1, 0), new Gen(Kind.ADD, new int[] {1, 0}, new int[] {2}, -1, 0),
                new Gen(Kind.ASSIGN_ADD, new int[] {0, 1}, new int[] {2, 3}, 0, 0), new Gen(Kind.ADD, new int[] {0, 1}, new int[] {4}, -1, 0));
        Case k = new Case(nodes, new int[] {3, 5}, new int[] {4}, 7);
        float[] tf = runTensorFlow(k);
        assertEquals(5f, tf[0]);
        assertEquals(8f, tf[1]);
        for (boolean interOp : new boolean[] {false, true}) {
            float[] nagare = runNagare(k, 1, interOp)[0];
            assertEquals(tf[0], nagare[0]);
            assertEquals(tf[1], nagare[1]);
        }
    }

    // ---- the generator ----

    /**
     * 1-3 variables, a few constants and one fed placeholder, then 3-12 random reads, sums and writes, each
     * with up to two control inputs on earlier nodes. {@code tfSafe}: only what TensorFlow's reference
     * variables give one answer for (no variable fetched itself, no assign result consumed or fetched, reads
     * as sums that copy the value when they run rather than identities that alias the buffer).
     */
    static Case generate(Random r, boolean tfSafe) {
        List<Gen> nodes = new ArrayList<>();
        int vars = 1 + r.nextInt(3);
        for (int v = 0; v < vars; v++) nodes.add(new Gen(Kind.VAR, new int[0], new int[0], v, 1 + r.nextInt(4)));
        int consts = 1 + r.nextInt(2);
        for (int i = 0; i < consts; i++) nodes.add(new Gen(Kind.CONST, new int[0], new int[0], -1, 1 + r.nextInt(3)));
        nodes.add(new Gen(Kind.FEED, new int[0], new int[0], -1, 0));
        int ops = 3 + r.nextInt(10);
        for (int i = 0; i < ops; i++) {
            int[] controls = r.ints(r.nextInt(3), 0, nodes.size()).distinct().toArray();
            int var = r.nextInt(vars);
            Kind kind = Kind.values()[Kind.ADD.ordinal() + r.nextInt(5)];
            if (tfSafe && kind == Kind.IDENTITY) kind = Kind.ADD;
            Gen g = switch (kind) {
                case ADD -> new Gen(kind, new int[] {valueInput(r, nodes, tfSafe), valueInput(r, nodes, tfSafe)}, controls, -1, 0);
                case IDENTITY -> new Gen(kind, new int[] {valueInput(r, nodes, false)}, controls, -1, 0);
                default -> new Gen(kind, new int[] {var, valueInput(r, nodes, tfSafe)}, controls, var, 0);
            };
            nodes.add(g);
        }
        List<Integer> fetchable = new ArrayList<>(), writes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Gen g = nodes.get(i);
            if (g.writes()) writes.add(i);
            if (!tfSafe || g.kind == Kind.ADD) fetchable.add(i);
        }
        TreeSet<Integer> fetches = new TreeSet<>(), targets = new TreeSet<>();
        for (int f : fetchable) if (r.nextInt(3) == 0) fetches.add(f);
        for (int w : writes) if (r.nextInt(2) == 0) targets.add(w);
        int[] fetchOrder = fetches.stream().mapToInt(Integer::intValue).toArray();
        shuffle(r, fetchOrder);
        return new Case(nodes, fetchOrder, targets.stream().mapToInt(Integer::intValue).toArray(), 1 + r.nextInt(5));
    }

    /** An earlier node with a value: any (variables read at use included), or for TensorFlow no assign result. */
    private static int valueInput(Random r, List<Gen> nodes, boolean tfSafe) {
        while (true) {
            int i = r.nextInt(nodes.size());
            if (!tfSafe || !nodes.get(i).writes()) return i;
        }
    }

    private static void shuffle(Random r, int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    // ---- the reference: a plain sequential interpreter ----

    /** The fetched values of {@code runs} runs of the case, after initializing the variables once. */
    static float[][] interpret(Case k, int runs) {
        List<Gen> nodes = k.nodes;
        BitSet needed = needed(k);
        float[] state = new float[nodes.size()];
        for (Gen g : nodes) if (g.kind == Kind.VAR) state[g.var] = g.value;
        float[][] out = new float[runs][];
        for (int run = 0; run < runs; run++) {
            float[] value = new float[nodes.size()];
            for (int n = needed.nextSetBit(0); n >= 0; n = needed.nextSetBit(n + 1)) {
                Gen g = nodes.get(n);
                value[n] = switch (g.kind) {
                    case VAR -> state[g.var];
                    case CONST -> g.value;
                    case FEED -> k.feed;
                    case ADD -> read(nodes, value, state, g.inputs[0]) + read(nodes, value, state, g.inputs[1]);
                    case IDENTITY -> read(nodes, value, state, g.inputs[0]);
                    case ASSIGN -> state[g.var] = read(nodes, value, state, g.inputs[1]);
                    case ASSIGN_ADD -> state[g.var] += read(nodes, value, state, g.inputs[1]);
                    case ASSIGN_SUB -> state[g.var] -= read(nodes, value, state, g.inputs[1]);
                };
            }
            out[run] = new float[k.fetches.length];
            for (int i = 0; i < k.fetches.length; i++) out[run][i] = value[k.fetches[i]];
        }
        return out;
    }

    /** A variable input is read now; any other input is the value its node computed. */
    private static float read(List<Gen> nodes, float[] value, float[] state, int input) {
        Gen in = nodes.get(input);
        return in.kind == Kind.VAR ? state[in.var] : value[input];
    }

    /** The nodes the fetches and targets need: not a variable read at use, nor an assign's variable. */
    static BitSet needed(Case k) {
        BitSet needed = new BitSet();
        ArrayList<Integer> work = new ArrayList<>();
        for (int f : k.fetches) work.add(f);
        for (int t : k.targets) work.add(t);
        while (!work.isEmpty()) {
            int n = work.removeLast();
            if (needed.get(n)) continue;
            needed.set(n);
            Gen g = k.nodes.get(n);
            for (int in : g.inputs) if (k.nodes.get(in).kind != Kind.VAR) work.add(in);
            for (int c : g.controls) work.add(c);
        }
        return needed;
    }

    // ---- which graphs TensorFlow gives one answer for ----

    /** Whether, among the needed nodes, every two accesses to a variable of which one writes are ordered. */
    static boolean raceFree(Case k) {
        BitSet needed = needed(k);
        int n = k.nodes.size();
        BitSet[] after = reachability(k);
        for (int a = needed.nextSetBit(0); a >= 0; a = needed.nextSetBit(a + 1)) {
            for (int b = needed.nextSetBit(a + 1); b >= 0 && b < n; b = needed.nextSetBit(b + 1)) {
                Gen ga = k.nodes.get(a), gb = k.nodes.get(b);
                if (!(ga.writes() || gb.writes())) continue;
                boolean shareVariable = false;
                for (int v : accessed(k, a)) for (int w : accessed(k, b)) shareVariable |= v == w;
                if (shareVariable && !after[a].get(b) && !after[b].get(a)) return false;
            }
        }
        return true;
    }

    /** Whether some read is ordered after a write to its variable: the case this test is about. */
    private static boolean ordersAReadAfterAWrite(Case k) {
        BitSet needed = needed(k);
        BitSet[] after = reachability(k);
        for (int w = needed.nextSetBit(0); w >= 0; w = needed.nextSetBit(w + 1)) {
            if (!k.nodes.get(w).writes()) continue;
            for (int r = after[w].nextSetBit(0); r >= 0; r = after[w].nextSetBit(r + 1)) {
                if (needed.get(r) && !k.nodes.get(r).writes() && accessed(k, r).contains(k.nodes.get(w).var)) return true;
            }
        }
        return false;
    }

    /** The variables node {@code i} reads or writes. */
    private static List<Integer> accessed(Case k, int i) {
        Gen g = k.nodes.get(i);
        List<Integer> vars = new ArrayList<>();
        if (g.writes()) vars.add(g.var);
        for (int in : g.inputs) if (k.nodes.get(in).kind == Kind.VAR) vars.add(k.nodes.get(in).var);
        return vars;
    }

    /** after[a]: the nodes a path of data or control edges leads to from a. */
    private static BitSet[] reachability(Case k) {
        int n = k.nodes.size();
        BitSet[] after = new BitSet[n];
        for (int i = n - 1; i >= 0; i--) after[i] = new BitSet();
        // Edges go from lower to higher indices, so one pass from the back closes the relation.
        for (int b = 0; b < n; b++) {
            Gen g = k.nodes.get(b);
            for (int in : g.inputs) after[in].set(b);
            for (int c : g.controls) after[c].set(b);
        }
        for (int a = n - 1; a >= 0; a--) {
            BitSet direct = (BitSet) after[a].clone();
            for (int b = direct.nextSetBit(0); b >= 0; b = direct.nextSetBit(b + 1)) after[a].or(after[b]);
        }
        return after;
    }

    // ---- the engines ----

    static float[][] runNagare(Case k, int runs, boolean interOp) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> out = new ArrayList<>();
        for (Gen gen : k.nodes) {
            Node[] controls = new Node[gen.controls.length];
            for (int i = 0; i < controls.length; i++) controls[i] = out.get(gen.controls[i]).node();
            Tf at = tf.withControlDependencies(controls);
            Output[] in = new Output[gen.inputs.length];
            for (int i = 0; i < in.length; i++) in[i] = out.get(gen.inputs[i]);
            out.add(switch (gen.kind) {
                case VAR -> tf.variable(tf.constant(gen.value), "v" + gen.var);
                case CONST -> at.constant(gen.value);
                case FEED -> tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
                case ADD -> at.add(in[0], in[1]);
                case IDENTITY -> at.identity(in[0]);
                case ASSIGN -> at.assign(in[0], in[1]);
                case ASSIGN_ADD -> at.assignAdd(in[0], in[1]);
                case ASSIGN_SUB -> at.assignSub(in[0], in[1]);
            });
        }
        Output feed = out.get(feedIndex(k));
        float[][] results = new float[runs][];
        try (Session s = new Session(g, SessionOptions.defaults().withInterOpParallelism(interOp))) {
            s.run(tf.globalVariablesInitializer());
            for (int run = 0; run < runs; run++) {
                var runner = s.runner().feed(feed, Tensor.scalar(k.feed));
                for (int f : k.fetches) runner.fetch(out.get(f));
                for (int t : k.targets) runner.addTarget(out.get(t).node());
                List<Tensor> got = runner.run();
                results[run] = new float[got.size()];
                for (int i = 0; i < got.size(); i++) results[run][i] = got.get(i).floatValue();
            }
        }
        return results;
    }

    /** The same graph built with TensorFlow Java's op builder: VariableV2 with Assign initializers, AddV2, Assign*. */
    static float[] runTensorFlow(Case k) {
        try (TfGraph t = new TfGraph()) {
            List<GraphOperation> ops = new ArrayList<>();
            List<String> inits = new ArrayList<>();
            for (int n = 0; n < k.nodes.size(); n++) {
                Gen gen = k.nodes.get(n);
                TfGraph.Op op = switch (gen.kind) {
                    case VAR -> t.op("VariableV2").attr("dtype", DType.FLOAT32).attr("shape", Shape.scalar());
                    case CONST -> null;
                    case FEED -> t.op("Placeholder").attr("dtype", DType.FLOAT32).attr("shape", Shape.scalar());
                    case ADD -> t.op("AddV2");
                    case IDENTITY -> t.op("Identity");
                    case ASSIGN -> t.op("Assign");
                    case ASSIGN_ADD -> t.op("AssignAdd");
                    case ASSIGN_SUB -> t.op("AssignSub");
                };
                GraphOperation built;
                if (op == null) {
                    built = (GraphOperation) t.constant(Tensor.scalar(gen.value)).op();
                    if (gen.controls.length > 0) built = withControls(t, built, gen, ops);
                } else {
                    op.named("n" + n);
                    for (int in : gen.inputs) op.in(ops.get(in).output(0));
                    for (int c : gen.controls) op.control(ops.get(c));
                    built = op.build();
                }
                ops.add(built);
                if (gen.kind == Kind.VAR) {
                    inits.add(t.op("Assign").named("init" + n).in(built.output(0), t.constant(Tensor.scalar(gen.value))).build().name());
                }
            }
            try (org.tensorflow.Session s = new org.tensorflow.Session(t.graph);
                 org.tensorflow.Tensor x = TfTensors.toTf(Tensor.scalar(k.feed))) {
                var init = s.runner();
                inits.forEach(init::addTarget);
                init.run().close();
                var runner = s.runner().feed(ops.get(feedIndex(k)).name(), x);
                for (int f : k.fetches) runner.fetch(ops.get(f).name());
                for (int tg : k.targets) runner.addTarget(ops.get(tg).name());
                try (Result res = runner.run()) {
                    float[] out = new float[k.fetches.length];
                    for (int i = 0; i < out.length; i++) out[i] = TfTensors.fromTf(res.get(i)).floatValue();
                    return out;
                }
            }
        }
    }

    /** A constant with control inputs: TensorFlow Java's helper makes none, so rebuild it through Identity. */
    private static GraphOperation withControls(TfGraph t, GraphOperation constant, Gen gen, List<GraphOperation> ops) {
        TfGraph.Op id = t.op("Identity").in(constant.output(0));
        for (int c : gen.controls) id.control(ops.get(c));
        return id.build();
    }

    private static int feedIndex(Case k) {
        for (int i = 0; i < k.nodes.size(); i++) if (k.nodes.get(i).kind == Kind.FEED) return i;
        throw new AssertionError();
    }

    static String describe(Case k) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < k.nodes.size(); i++) {
            Gen g = k.nodes.get(i);
            sb.append(i).append('=').append(g.kind).append(java.util.Arrays.toString(g.inputs));
            if (g.controls.length > 0) sb.append("^").append(java.util.Arrays.toString(g.controls));
            if (g.kind == Kind.VAR || g.kind == Kind.CONST) sb.append('(').append(g.value).append(')');
            sb.append(i + 1 < k.nodes.size() ? ", " : "");
        }
        return sb.append("} fetch ").append(java.util.Arrays.toString(k.fetches)).append(" targets ")
                .append(java.util.Arrays.toString(k.targets)).append(" feed ").append(k.feed).toString();
    }
}
