package dev.nagare.interop;

import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;

/** Runs a signature in TensorFlow Java (loading a SavedModel) and in Nagare, for tests to compare. */
final class TfJudge {
    private TfJudge() {}

    /** Loads {@code dir} with TensorFlow's loader and runs signature {@code key} once per feed set. */
    static List<Map<String, Tensor>> runTf(Path dir, String key, List<Map<String, Tensor>> feedSets) {
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
            List<Map<String, Tensor>> out = new ArrayList<>();
            for (Map<String, Tensor> feeds : feedSets) out.add(call(b, key, feeds));
            return out;
        }
    }

    static Map<String, Tensor> runTf(Path dir, String key, Map<String, Tensor> feeds) {
        return runTf(dir, key, List.of(feeds)).get(0);
    }

    /** Loads {@code dir} once and runs each signature key with its feeds. */
    static Map<String, Map<String, Tensor>> runTfKeys(Path dir, Map<String, Map<String, Tensor>> feedsByKey) {
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
            Map<String, Map<String, Tensor>> out = new LinkedHashMap<>();
            feedsByKey.forEach((key, feeds) -> out.put(key, call(b, key, feeds)));
            return out;
        }
    }

    private static Map<String, Tensor> call(SavedModelBundle b, String key, Map<String, Tensor> feeds) {
        Map<String, org.tensorflow.Tensor> in = new LinkedHashMap<>();
        try {
            feeds.forEach((k, v) -> in.put(k, TfTensors.toTf(v)));
            try (Result r = b.function(key).call(in)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, org.tensorflow.Tensor> e : r) out.put(e.getKey(), TfTensors.fromTf(e.getValue()));
                return out;
            }
        } finally {
            in.values().forEach(org.tensorflow.Tensor::close);
        }
    }

    /** Runs {@code sig} in a Nagare Session: all its outputs, in one run. */
    static Map<String, Tensor> runNagare(Session s, Signature sig, Map<String, Tensor> feeds) {
        Runner r = s.runner();
        feeds.forEach((k, v) -> r.feed(sig.input(k), v));
        List<String> names = new ArrayList<>(sig.outputs().keySet());
        for (String n : names) r.fetch(sig.output(n));
        List<Tensor> values = r.run();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), values.get(i));
        return out;
    }

    static Map<String, Output> map(Object... kv) {
        Map<String, Output> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Output) kv[i + 1]);
        return m;
    }
}
