package dev.nagare.interop;

import dev.nagare.graph.Output;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A named entry point of a model: its inputs (the values a caller feeds) and outputs (the values it
 * fetches), each under a name of its own. Exported as a SignatureDef with method tensorflow/serving/predict.
 */
public record Signature(Map<String, Output> inputs, Map<String, Output> outputs) {
    /** TensorFlow Serving's method name for a prediction signature. */
    public static final String PREDICT_METHOD = "tensorflow/serving/predict";
    /** The signature key serving uses when a request names none. */
    public static final String DEFAULT_KEY = "serving_default";

    public Signature {
        inputs = sortedCopy(inputs, "input");
        outputs = sortedCopy(outputs, "output");
    }

    public Output input(String name) { return require(inputs, name, "input"); }

    public Output output(String name) { return require(outputs, name, "output"); }

    private static Map<String, Output> sortedCopy(Map<String, Output> m, String what) {
        Objects.requireNonNull(m, what + "s");
        Map<String, Output> copy = new TreeMap<>();
        m.forEach((k, v) -> {
            if (k == null || k.isEmpty()) throw new IllegalArgumentException("a signature " + what + " needs a non-empty name");
            copy.put(k, Objects.requireNonNull(v, () -> "signature " + what + " '" + k + "' is null"));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Output require(Map<String, Output> m, String name, String what) {
        Output o = m.get(name);
        if (o == null) throw new IllegalArgumentException("the signature has no " + what + " '" + name + "'; it has " + m.keySet());
        return o;
    }
}
