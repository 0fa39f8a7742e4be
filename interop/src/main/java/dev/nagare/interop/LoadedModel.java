package dev.nagare.interop;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * Runs signature {@code key} as TensorFlow Java's {@code SavedModelBundle.function(key).call(inputs)} does:
     * feeds {@code inputs} by the signature's input names, fetches all its outputs in one run, returns them by
     * output name. Fails listing the names there are when an input is unknown or missing.
     */
    public Map<String, Tensor> call(String key, Map<String, Tensor> inputs) {
        Signature sig = signature(key);
        if (!sig.inputs().keySet().equals(inputs.keySet())) {
            throw new IllegalArgumentException("signature '" + key + "' takes inputs " + sig.inputs().keySet() + ", got " + new TreeMap<>(inputs).keySet());
        }
        Runner r = session.runner();
        inputs.forEach((name, t) -> r.feed(sig.input(name), t));
        List<String> names = List.copyOf(sig.outputs().keySet());
        for (String n : names) r.fetch(sig.output(n));
        List<Tensor> values = r.run();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), values.get(i));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** {@link #call(String, Map)} of {@code serving_default}. */
    public Map<String, Tensor> call(Map<String, Tensor> inputs) { return call(Signature.DEFAULT_KEY, inputs); }

    @Override
    public void close() { session.close(); }
}
