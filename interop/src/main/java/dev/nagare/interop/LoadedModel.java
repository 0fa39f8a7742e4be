package dev.nagare.interop;

import dev.nagare.graph.Graph;
import dev.nagare.session.Session;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SavedModel loaded into Nagare: the graph its signatures need, a Session whose variables hold the
 * model's values, and the signatures by key. Closing it closes the Session.
 */
public final class LoadedModel implements AutoCloseable {
    private final Graph graph;
    private final Session session;
    private final Map<String, Signature> signatures;

    LoadedModel(Graph graph, Session session, Map<String, Signature> signatures) {
        this.graph = graph;
        this.session = session;
        this.signatures = java.util.Collections.unmodifiableMap(new TreeMap<>(signatures));
    }

    public Graph graph() { return graph; }

    public Session session() { return session; }

    public Map<String, Signature> signatures() { return signatures; }

    /** The signature of that key; fails listing the keys there are. */
    public Signature signature(String key) {
        Signature s = signatures.get(key);
        if (s == null) throw new IllegalArgumentException("the model has no signature '" + key + "'; it has " + signatures.keySet());
        return s;
    }

    /** The {@code serving_default} signature. */
    public Signature signature() { return signature(Signature.DEFAULT_KEY); }

    @Override
    public void close() { session.close(); }
}
