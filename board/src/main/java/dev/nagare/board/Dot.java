package dev.nagare.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a {@link GraphView} as Graphviz DOT: name scopes as nested clusters, each op a node labelled with its
 * name and op type, edges labelled with dtype and shape (control edges dashed), variables (cylinders) and
 * placeholders (input houses) marked by shape, colour and {@code class}. A graph of more than
 * {@link Options#maxNodes} ops is shown with its deepest scopes collapsed into one box each ({@code class="scope"},
 * labelled with the number of ops), as deep as fits, as TensorBoard shows a graph closed.
 */
public final class Dot {
    /** How to draw: collapse scopes when the graph has more than {@code maxNodes} ops (never when not {@code collapse}). */
    public record Options(int maxNodes, boolean collapse) {
        public static final Options DEFAULT = new Options(80, true);

        public Options {
            if (maxNodes < 1) throw new IllegalArgumentException("maxNodes must be at least 1, not " + maxNodes);
        }

        /** Every op its own node, however large the graph. */
        public static Options expanded() { return new Options(Integer.MAX_VALUE, false); }
    }

    /** What a drawn node stands for: one op, or a collapsed scope of {@code count} ops. */
    private record Unit(String id, String label, String shortName, String cssClass, List<String> scopes, GraphView.Kind kind, int count) {}

    private Dot() {}

    public static String write(GraphView g) { return write(g, Options.DEFAULT); }

    public static String write(GraphView g, Options options) {
        int depth = collapseDepth(g, options);
        Map<String, Unit> units = new LinkedHashMap<>();
        Map<String, String> rep = new LinkedHashMap<>();
        Map<String, Integer> groupCounts = groupCounts(g, depth);
        for (GraphView.Op op : g.ops()) {
            List<String> scopes = op.scopes();
            if (collapsed(scopes, depth, groupCounts)) {
                String scope = scopes.get(depth);
                String id = scope + "/";
                rep.put(op.name(), id);
                units.computeIfAbsent(id, k -> new Unit(k, shortName(scope), shortName(scope), "scope", scopes.subList(0, depth), null, groupCounts.get(scope)));
            } else {
                rep.put(op.name(), op.name());
                units.put(op.name(), new Unit(op.name(), op.type(), shortName(op.name()), op.kind().name().toLowerCase(java.util.Locale.ROOT), scopes, op.kind(), 1));
            }
        }

        StringBuilder sb = new StringBuilder();
        sb.append("digraph G {\n");
        sb.append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11, newrank=true];\n");
        sb.append("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", fillcolor=\"#dbe8f7\", color=\"#5b7fa6\"];\n");
        sb.append("  edge [fontname=\"Helvetica\", fontsize=8, color=\"#666666\", fontcolor=\"#444444\"];\n");
        // An op named like a scope drawn as a cluster (Mean beside Mean/axes) goes inside it, as TensorBoard groups them.
        Set<String> clusterScopes = new java.util.HashSet<>();
        for (Unit u : units.values()) clusterScopes.addAll(u.scopes());
        Cluster root = new Cluster("");
        for (Unit u : units.values()) {
            if (u.kind() != null && clusterScopes.contains(u.id())) {
                List<String> inside = new ArrayList<>(u.scopes());
                inside.add(u.id());
                u = new Unit(u.id(), u.label(), u.shortName(), u.cssClass(), inside, u.kind(), u.count());
            }
            root.place(u, 0);
        }
        root.write(sb, "  ");
        writeEdges(g, rep, sb);
        sb.append("}\n");
        return sb.toString();
    }

    /** The deepest scope level at which ops stay separate such that at most maxNodes units are drawn. */
    private static int collapseDepth(GraphView g, Options o) {
        if (!o.collapse() || g.ops().size() <= o.maxNodes()) return Integer.MAX_VALUE;
        int deepest = 0;
        for (GraphView.Op op : g.ops()) deepest = Math.max(deepest, op.scopes().size());
        for (int d = deepest - 1; d >= 0; d--) {
            Map<String, Integer> counts = groupCounts(g, d);
            Set<String> reps = new LinkedHashSet<>();
            for (GraphView.Op op : g.ops()) reps.add(collapsed(op.scopes(), d, counts) ? op.scopes().get(d) + "/" : op.name());
            if (reps.size() <= o.maxNodes()) return d;
        }
        return 0;
    }

    /** How many ops each scope at level {@code depth} holds. */
    private static Map<String, Integer> groupCounts(GraphView g, int depth) {
        Map<String, Integer> counts = new TreeMap<>();
        for (GraphView.Op op : g.ops()) if (op.scopes().size() > depth) counts.merge(op.scopes().get(depth), 1, Integer::sum);
        return counts;
    }

    /** Whether an op in {@code scopes} is drawn inside its collapsed scope: a scope of one op shows the op itself. */
    private static boolean collapsed(List<String> scopes, int depth, Map<String, Integer> counts) {
        return scopes.size() > depth && counts.get(scopes.get(depth)) > 1;
    }

    private static void writeEdges(GraphView g, Map<String, String> rep, StringBuilder sb) {
        // Edges between the same two drawn nodes are drawn once: with their label when all agree, else a count.
        record Key(String from, String to, boolean control) {}
        Map<Key, List<String>> merged = new LinkedHashMap<>();
        for (GraphView.Edge e : g.edges()) {
            String from = rep.get(e.from()), to = rep.get(e.to());
            if (from == null || to == null || from.equals(to)) continue;
            merged.computeIfAbsent(new Key(from, to, e.control()), k -> new ArrayList<>()).add(e.label());
        }
        for (Map.Entry<Key, List<String>> m : merged.entrySet()) {
            Key k = m.getKey();
            List<String> labels = m.getValue();
            sb.append("  ").append(quote(k.from())).append(" -> ").append(quote(k.to())).append(" [");
            if (k.control()) {
                sb.append("style=dashed, class=\"control\"");
            } else {
                String label = new LinkedHashSet<>(labels).size() == 1 ? labels.getFirst() : labels.size() + " tensors";
                sb.append("label=").append(quote(label));
            }
            sb.append("];\n");
        }
    }

    /** A name scope and what is drawn directly in it. */
    private static final class Cluster {
        final String scope;
        final List<Unit> units = new ArrayList<>();
        final Map<String, Cluster> children = new LinkedHashMap<>();

        Cluster(String scope) { this.scope = scope; }

        void place(Unit u, int level) {
            if (level == u.scopes().size()) {
                units.add(u);
                return;
            }
            children.computeIfAbsent(u.scopes().get(level), Cluster::new).place(u, level + 1);
        }

        void write(StringBuilder sb, String indent) {
            for (Cluster c : children.values()) {
                sb.append(indent).append("subgraph ").append(quote("cluster_" + c.scope)).append(" {\n");
                String in = indent + "  ";
                sb.append(in).append("label=").append(quote(shortName(c.scope))).append(";\n");
                sb.append(in).append("style=\"rounded,filled\"; fillcolor=\"#f7f7f7\"; color=\"#aaaaaa\"; fontcolor=\"#555555\";\n");
                c.write(sb, in);
                sb.append(indent).append("}\n");
            }
            for (Unit u : units) writeNode(u, sb, indent);
        }
    }

    private static void writeNode(Unit u, StringBuilder sb, String indent) {
        sb.append(indent).append(quote(u.id())).append(" [");
        if (u.kind() == null) {
            sb.append("label=").append(quote(u.label() + "\n" + u.count() + (u.count() == 1 ? " op" : " ops")))
                    .append(", shape=box3d, style=filled, fillcolor=\"#efe4f8\", color=\"#8a6aa6\"");
        } else {
            String label = u.shortName().equals(u.label()) ? u.label() : u.shortName() + "\n" + u.label();
            sb.append("label=").append(quote(label));
            switch (u.kind()) {
                case VARIABLE -> sb.append(", shape=cylinder, style=filled, fillcolor=\"#fde2bd\", color=\"#b07a2a\"");
                case PLACEHOLDER -> sb.append(", shape=invhouse, style=filled, fillcolor=\"#d6f0d2\", color=\"#4c8a44\"");
                case CONSTANT -> sb.append(", fillcolor=\"#eeeeee\", color=\"#999999\", fontsize=8");
                case OP -> { }
            }
        }
        sb.append(", class=").append(quote(u.cssClass())).append(", tooltip=").append(quote(u.id())).append("];\n");
    }

    private static String shortName(String name) { return name.substring(name.lastIndexOf('/') + 1); }

    /** A DOT double-quoted string; newlines become DOT's centred line break. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
