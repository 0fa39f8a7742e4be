package dev.nagare.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dataflow graph: an append-only list of nodes. Adding is serialized; reading is safe from any thread
 * at any time, because nodes never change once added.
 */
public final class Graph {
    /** TensorFlow's rule for node names, so that every graph we build can be exported. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_./-]*");

    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<String, Integer> nameUses = new HashMap<>();
    private final Map<String, List<Object>> collections = new HashMap<>();
    private volatile Long randomSeed;
    private final OpSet ops;

    /** A graph of the standard ops ({@link OpSet#standard()}). */
    public Graph() { this(OpSet.standard()); }

    /** A graph that admits the ops of {@code ops}: the standard set, or one with a user's own ops added. */
    public Graph(OpSet ops) { this.ops = java.util.Objects.requireNonNull(ops, "ops"); }

    /** The ops this graph admits. */
    public OpSet ops() { return ops; }

    /**
     * The graph-level random seed, as TensorFlow 1.x's {@code tf.set_random_seed}: random ops added after this
     * draw from (graph seed, op seed), so the same pair gives the same numbers wherever the op sits.
     */
    public void setRandomSeed(long seed) { randomSeed = seed; }

    /** The graph-level random seed, when one was set. */
    public Optional<Long> randomSeed() { return Optional.ofNullable(randomSeed); }

    private int randomOpSeeds;

    /**
     * The op-level seed for the next random op built without one: 0, 1, 2, ... counting only the random ops of
     * this graph that asked, as TensorFlow 1.x's {@code get_seed} numbers them. Unrelated nodes added before a
     * random op do not change its seed.
     */
    public synchronized long nextRandomOpSeed() { return randomOpSeeds++; }

    /** A root scope for building into this graph. */
    public Scope scope() { return new Scope(this); }

    /**
     * Reserves a name that no node or scope of this graph uses yet: {@code base}, else {@code base_1},
     * {@code base_2}, ...
     */
    public synchronized String uniqueName(String base) {
        if (!NAME.matcher(base).matches()) {
            throw new GraphException("'" + base + "' is not a valid node name: names match " + NAME.pattern());
        }
        String name = base;
        int n = nameUses.getOrDefault(base, 0);
        while (nameUses.containsKey(name)) name = base + "_" + (++n);
        nameUses.put(base, n);
        nameUses.putIfAbsent(name, 0);
        return name;
    }

    /** The most outputs one node may have (TensorFlow sets no limit; graphs it makes have far fewer). */
    public static final int MAX_OUTPUTS = 1 << 16;

    /**
     * Adds a node whose name was reserved with {@link #uniqueName}. Runs the op's shape function, which
     * throws {@link GraphException} naming the node when inputs or attributes do not fit.
     */
    public synchronized Node addNode(String name, OpType op, List<Output> inputs, List<Node> controlInputs,
                                     Map<String, Object> attrs, String device) {
        if (byName.containsKey(name)) throw GraphException.at(name, op.name(), "a node of that name already exists");
        if (!(ops instanceof OpSet.Open) && ops.find(op.name()).orElse(null) != op) {
            throw GraphException.at(name, op.name(), "op " + op.name() + " is not in this graph's op set"
                    + " (build the graph with a set that holds it: new Graph(OpRegistry.standard().with(op)))");
        }
        if (op.attrs() != null) checkAttrs(name, op, attrs);
        for (int i = 0; i < inputs.size(); i++) {
            Output in = inputs.get(i);
            if (in == null) throw GraphException.at(name, op.name(), "input " + i + " is null");
            if (in.graph() != this) {
                throw GraphException.at(name, op.name(), "input " + i + " '" + in.name() + "' belongs to another graph");
            }
        }
        for (Node c : controlInputs) {
            if (c.graph() != this) throw GraphException.at(name, op.name(), "control input '" + c.name() + "' belongs to another graph");
        }
        List<TensorSpec> specs;
        try {
            specs = op.infer(new InferenceContext(name, op.name(), inputs, attrs));
        } catch (GraphException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // Shape.of rejecting a dimension a shape rule computed (a negative one): name the node that made it.
            throw GraphException.at(name, op.name(), e.getMessage());
        }
        if (specs.size() > MAX_OUTPUTS) {
            // An attr such as Split's num_split or Unpack's num says how many outputs there are; a hostile file's
            // 2^31-1 would otherwise exhaust the heap making them.
            throw GraphException.at(name, op.name(), "would have " + specs.size() + " outputs, more than the " + MAX_OUTPUTS + " a node may have");
        }
        for (TensorSpec spec : specs) {
            // A tensor lives in one Java array: a fully known output of more elements could never be computed.
            Shape s = spec.shape();
            if (s.isFullyDefined() && Shape.elements(s.dims()) > Integer.MAX_VALUE) {
                throw GraphException.at(name, op.name(), "output shape " + s + " has more than 2^31-1 elements");
            }
        }
        Node node = new Node(this, nodes.size(), name, op, inputs, controlInputs, attrs, device, specs);
        nodes.add(node);
        byName.put(name, node);
        nameUses.putIfAbsent(name, 0);
        return node;
    }

    /** Every attribute is declared, of its declared type, and every required one is there. */
    private static void checkAttrs(String name, OpType op, Map<String, Object> attrs) {
        for (String key : attrs.keySet()) {
            if (op.attrs().stream().noneMatch(a -> a.name().equals(key))) {
                throw GraphException.at(name, op.name(), "has no attribute '" + key + "'; it takes " + op.attrs());
            }
        }
        for (Attr<?> a : op.attrs()) a.read(name, op.name(), attrs);
    }

    public synchronized Optional<Node> node(String name) { return Optional.ofNullable(byName.get(name)); }

    /** The node of that name; fails with a message naming it when the graph has none. */
    public synchronized Node requireNode(String name) {
        Node n = byName.get(name);
        if (n == null) throw new GraphException("No node named '" + name + "' in the graph");
        return n;
    }

    /** An output by TensorFlow's name, {@code node:index} or just {@code node} for output 0. */
    public Output output(String name) {
        int colon = name.lastIndexOf(':');
        String nodeName = name;
        int index = 0;
        if (colon > 0) {
            try {
                index = Integer.parseInt(name.substring(colon + 1));
                nodeName = name.substring(0, colon);
            } catch (NumberFormatException e) {
                // a colon that is not an output index: the whole string is the node name
            }
        }
        Node n = requireNode(nodeName);
        if (index < 0 || index >= n.outputCount()) {
            throw new GraphException("Node '" + nodeName + "' (" + n.opName() + ") has " + n.outputCount() + " outputs, no output " + index);
        }
        return n.output(index);
    }

    /** A snapshot of all nodes, in order of creation. */
    public synchronized List<Node> nodes() { return List.copyOf(nodes); }

    public synchronized int size() { return nodes.size(); }

    /** Adds {@code item} to the named collection (such as the graph's variables). */
    public synchronized void addToCollection(String key, Object item) {
        collections.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
    }

    public synchronized <T> List<T> collection(String key, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : collections.getOrDefault(key, List.of())) out.add(type.cast(o));
        return out;
    }
}
