package dev.nagare.graph;

/** One output of a node: the edge a consumer reads. Named {@code node:index} as in TensorFlow. */
public final class Output {
    private final Node node;
    private final int index;

    Output(Node node, int index) {
        this.node = node;
        this.index = index;
    }

    public Node node() { return node; }
    public int index() { return index; }
    public DType dtype() { return node.outputSpec(index).dtype(); }
    public Shape shape() { return node.outputSpec(index).shape(); }
    public Graph graph() { return node.graph(); }
    public String name() { return node.name() + ":" + index; }

    @Override
    public boolean equals(Object o) { return o instanceof Output out && out.node == node && out.index == index; }

    @Override
    public int hashCode() { return node.id() * 31 + index; }

    @Override
    public String toString() { return "<" + name() + " " + node.outputSpec(index) + ">"; }
}
