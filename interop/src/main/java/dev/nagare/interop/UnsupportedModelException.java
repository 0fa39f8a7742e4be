package dev.nagare.interop;

import java.nio.file.Path;
import java.util.List;

/**
 * A well-formed model that Nagare cannot run: it uses op types Nagare has no mapping for (all of them are
 * listed at once), dtypes Nagare lacks, or a form of an op Nagare does not support.
 */
public class UnsupportedModelException extends ModelFormatException {
    private final List<String> missingOps;

    public UnsupportedModelException(Path file, String problem) {
        this(file, problem, List.of());
    }

    private UnsupportedModelException(Path file, String problem, List<String> missingOps) {
        super(file, problem);
        this.missingOps = List.copyOf(missingOps);
    }

    /** Fails for every missing op type at once, sorted, so that one attempt shows all the work to do. */
    public static UnsupportedModelException missingOps(Path file, List<String> opTypes) {
        return new UnsupportedModelException(file, opTypes.size() + " op type" + (opTypes.size() == 1 ? " has" : "s have")
                + " no Nagare mapping: " + String.join(", ", opTypes), opTypes);
    }

    /** As {@link #missingOps(Path, List)}, naming one node of each type: "Pack (node 'flatten/stack')". */
    public static UnsupportedModelException missingOps(Path file, List<String> opTypes, List<String> nodes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < opTypes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(opTypes.get(i)).append(" (node '").append(nodes.get(i)).append("')");
        }
        return new UnsupportedModelException(file, opTypes.size() + " op type" + (opTypes.size() == 1 ? " has" : "s have")
                + " no Nagare mapping: " + sb, opTypes);
    }

    /** The op types without a mapping (sorted), or empty when the model failed for another reason. */
    public List<String> missingOps() { return missingOps; }
}
