package dev.nagare.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.interop.GraphDefs;
import dev.nagare.layers.Activation;
import dev.nagare.layers.Layers;
import dev.nagare.layers.Loss;
import dev.nagare.layers.Metric;
import dev.nagare.layers.Optimizers;
import dev.nagare.layers.Sequential;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.GraphDef;

class DotTest {
    @TempDir Path dir;

    /** A DOT file read back as data: nodes with their attrs, edges, and the cluster each node sits in. */
    record Parsed(Map<String, Map<String, String>> nodes, List<String[]> edges, Map<String, String> clusterOf, Set<String> clusters) {
        static final Pattern ATTR = Pattern.compile("(\\w+)=(\"(?:[^\"\\\\]|\\\\.)*\"|[^,\\]]+)");
        static final Pattern NODE = Pattern.compile("^\\s*(\"(?:[^\"\\\\]|\\\\.)*\") \\[(.*)\\];$");
        static final Pattern EDGE = Pattern.compile("^\\s*(\"(?:[^\"\\\\]|\\\\.)*\") -> (\"(?:[^\"\\\\]|\\\\.)*\") \\[(.*)\\];$");
        static final Pattern CLUSTER = Pattern.compile("^\\s*subgraph \"cluster_(.*)\" \\{$");

        static Parsed of(String dot) {
            assertTrue(dot.startsWith("digraph G {\n") && dot.endsWith("}\n"), dot);
            Map<String, Map<String, String>> nodes = new HashMap<>();
            List<String[]> edges = new ArrayList<>();
            Map<String, String> clusterOf = new HashMap<>();
            Set<String> clusters = new HashSet<>();
            List<String> open = new ArrayList<>();
            for (String line : dot.split("\n")) {
                Matcher m;
                if ((m = CLUSTER.matcher(line)).matches()) {
                    open.add(m.group(1));
                    clusters.add(m.group(1));
                } else if (line.strip().equals("}")) {
                    if (!open.isEmpty()) open.removeLast();
                } else if ((m = EDGE.matcher(line)).matches()) {
                    edges.add(new String[] {unquote(m.group(1)), unquote(m.group(2)), attrs(m.group(3)).getOrDefault("label", "")});
                } else if ((m = NODE.matcher(line)).matches() && !line.strip().startsWith("node ") && !line.strip().startsWith("edge ")) {
                    String id = unquote(m.group(1));
                    nodes.put(id, attrs(m.group(2)));
                    clusterOf.put(id, open.isEmpty() ? "" : open.getLast());
                }
            }
            assertTrue(open.isEmpty(), "unbalanced clusters");
            return new Parsed(nodes, edges, clusterOf, clusters);
        }

        static Map<String, String> attrs(String s) {
            Map<String, String> out = new HashMap<>();
            Matcher m = ATTR.matcher(s);
            while (m.find()) out.put(m.group(1), m.group(2).startsWith("\"") ? unquote(m.group(2)) : m.group(2));
            return out;
        }

        static String unquote(String q) {
            return q.substring(1, q.length() - 1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
        }
    }

    private static Sequential model() {
        Sequential m = Sequential.of(Layers.input(4), Layers.dense(8, Activation.RELU), Layers.dense(3, Activation.SOFTMAX));
        m.compile(Optimizers.adam(0.05), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
        return m;
    }

    @Test
    void everyNodeIsDrawnInItsScopeWithTypedEdges() {
        try (Sequential m = model()) {
            Graph g = m.graph();
            Parsed p = Parsed.of(Dot.write(GraphView.of(g), Dot.Options.expanded()));
            assertEquals(g.size(), p.nodes().size());
            for (Node n : g.nodes()) {
                Map<String, String> a = p.nodes().get(n.name());
                assertTrue(a != null, "node " + n.name() + " drawn");
                assertTrue(a.get("label").endsWith(n.opName()), a.toString());
                int slash = n.name().lastIndexOf('/');
                // An op whose name is also a scope (Mean beside Mean/axes) is drawn inside that scope's cluster.
                String expected = p.clusters().contains(n.name()) ? n.name() : slash < 0 ? "" : n.name().substring(0, slash);
                assertEquals(expected, p.clusterOf().get(n.name()), n.name());
            }
            assertTrue(p.clusters().containsAll(List.of("dense", "dense_1")), p.clusters().toString());
            assertEquals("placeholder", p.nodes().get(Sequential.INPUT).get("class"));
            assertEquals("invhouse", p.nodes().get(Sequential.INPUT).get("shape"));
            long variables = p.nodes().values().stream().filter(a -> "variable".equals(a.get("class"))).count();
            assertTrue(variables >= 4, variables + " variables");
            // The input's edges carry its dtype and shape.
            assertTrue(p.edges().stream().anyMatch(e -> e[0].equals(Sequential.INPUT) && e[2].equals("float32 [?, 4]")), "labelled input edge");
            int dataEdges = 0;
            for (Node n : g.nodes()) dataEdges += n.inputs().size();
            assertTrue(p.edges().size() <= dataEdges + g.nodes().stream().mapToInt(n -> n.controlInputs().size()).sum());
            for (String[] e : p.edges()) assertTrue(p.nodes().containsKey(e[0]) && p.nodes().containsKey(e[1]), String.join(" -> ", e));
        }
    }

    @Test
    void largeGraphsCollapseScopesButCountEveryOp() {
        try (Sequential m = model()) {
            Graph g = m.graph();
            assertTrue(g.size() > 80, g.size() + " ops");
            Parsed p = Parsed.of(Dot.write(GraphView.of(g)));
            assertTrue(p.nodes().size() <= 80, p.nodes().size() + " drawn");
            int ops = 0;
            for (Map.Entry<String, Map<String, String>> n : p.nodes().entrySet()) {
                if ("scope".equals(n.getValue().get("class"))) {
                    String label = n.getValue().get("label");
                    int count = Integer.parseInt(label.substring(label.indexOf('\n') + 1).split(" ")[0]);
                    String scope = n.getKey().substring(0, n.getKey().length() - 1);
                    assertEquals(g.nodes().stream().filter(x -> x.name().startsWith(scope + "/")).count(), count, scope);
                    ops += count;
                } else {
                    assertTrue(g.node(n.getKey()).isPresent(), n.getKey());
                    ops++;
                }
            }
            assertEquals(g.size(), ops);
            for (String[] e : p.edges()) assertTrue(p.nodes().containsKey(e[0]) && p.nodes().containsKey(e[1]), String.join(" -> ", e));
        }
    }

    @Test
    void aGraphDefGivesTheSamePictureAsTheGraph() {
        try (Sequential m = model()) {
            Parsed fromGraph = Parsed.of(Dot.write(GraphView.of(m.graph()), Dot.Options.expanded()));
            Parsed fromDef = Parsed.of(Dot.write(GraphView.of(GraphDefs.forDisplay(m.graph())), Dot.Options.expanded()));
            assertTrue(fromDef.nodes().keySet().containsAll(fromGraph.nodes().keySet()));
            assertTrue(fromDef.edges().stream().anyMatch(e -> e[0].equals(Sequential.INPUT) && e[2].equals("float32 [?, 4]")), "labelled input edge");
        }
    }

    @Test
    void readsTensorFlowsGraphDefsSavedModelsAndLogDirectories() throws IOException {
        GraphDef tfDef;
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            Ops tf = Ops.create(g);
            var x = tf.withName("x").placeholder(org.tensorflow.types.TFloat32.class);
            Ops layer = tf.withSubScope("layer");
            var w = layer.withName("w").variable(tf.constant(new float[][] {{1, 2}, {3, 4}}));
            layer.withName("y").linalg.matMul(x, w);
            tfDef = g.toGraphDef();
        }
        Path pb = Files.write(dir.resolve("tf.pb"), tfDef.toByteArray());
        Parsed p = Parsed.of(Dot.write(GraphView.of(GraphFiles.read(pb))));
        for (var n : tfDef.getNodeList()) assertTrue(p.nodes().containsKey(n.getName()), n.getName());
        assertEquals("layer", p.clusterOf().get("layer/y"));
        assertEquals("variable", p.nodes().get("layer/w").get("class"));

        try (Sequential m = model()) {
            m.save(dir.resolve("saved"));
            try (TensorBoard tb = TensorBoard.of(m, dir.resolve("logs"))) {
                tb.trainWriter();
            }
            GraphDef saved = GraphFiles.read(dir.resolve("saved"));
            assertTrue(saved.getNodeList().stream().anyMatch(n -> n.getName().equals(Sequential.INPUT)));
            GraphDef logged = GraphFiles.read(dir.resolve("logs"));
            assertEquals(m.graph().size(), logged.getNodeCount() - extraConstants(logged, m.graph()));
        }
    }

    /** Constants the export adds beside nodes whose values Nagare keeps in attrs. */
    private static int extraConstants(GraphDef def, Graph g) {
        int n = 0;
        for (var d : def.getNodeList()) if (g.node(d.getName()).isEmpty()) n++;
        return n;
    }

    @Test
    void dotRendersSvgAndPngWhereGraphvizIsInstalled() throws Exception {
        Assumptions.assumeTrue(GraphTool.dotExecutable().isPresent(), "Graphviz's dot is not installed: only the DOT text is checked here");
        try (Sequential m = model()) {
            List<Path> written = GraphTool.write(Dot.write(GraphView.of(m.graph())), dir.resolve("out/model"));
            assertEquals(List.of(dir.resolve("out/model.dot"), dir.resolve("out/model.svg"), dir.resolve("out/model.png")), written);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            var svg = f.newDocumentBuilder().parse(written.get(1).toFile());
            assertEquals("svg", svg.getDocumentElement().getTagName());
            BufferedImage png = ImageIO.read(written.get(2).toFile());
            assertTrue(png.getWidth() > 100 && png.getHeight() > 100, png.getWidth() + "x" + png.getHeight());
        }
    }
}
