package dev.nagare.interop;

import java.nio.file.Path;

/** Turns the problems found while converting a model into the typed exceptions callers catch. */
final class Failures {
    private Failures() {}

    static ModelFormatException of(Path file, BadModel e) {
        if (e.kind() != null) return new FunctionLibraryException(file, e.kind(), e.function(), e.node(), e.getMessage());
        return e.unsupported() ? new UnsupportedModelException(file, e.getMessage()) : new ModelFormatException(file, e.getMessage());
    }

    static ModelFormatException of(Path file, GraphImport.MissingOps e) {
        return UnsupportedModelException.missingOps(file, e.ops, e.nodes);
    }
}
