package dev.nagare.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./nagare graph FILE|DIR [--out PREFIX] [--expand] [--max-nodes N]}: draws the graph of a GraphDef, a
 * SavedModel or a log directory as {@code PREFIX.dot} and, where Graphviz's {@code dot} is installed, as
 * {@code PREFIX.svg} and {@code PREFIX.png}. PREFIX defaults to {@code graph} in the current directory.
 */
public final class GraphTool {
    private GraphTool() {}

    public static void main(String[] args) throws Exception {
        Path source = null, out = Path.of("graph");
        int maxNodes = Dot.Options.DEFAULT.maxNodes();
        boolean collapse = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--expand" -> collapse = false;
                case "--max-nodes" -> maxNodes = Integer.parseInt(value(args, ++i, "--max-nodes"));
                default -> {
                    if (args[i].startsWith("--") || source != null) usage("unexpected argument '" + args[i] + "'");
                    source = Path.of(args[i]);
                }
            }
        }
        if (source == null) usage("which graph? give a GraphDef file, a SavedModel directory or a log directory");
        GraphView view = GraphView.of(GraphFiles.read(source));
        String dot = Dot.write(view, collapse ? new Dot.Options(maxNodes, true) : Dot.Options.expanded());
        List<Path> written = write(dot, out);
        System.out.println(view.ops().size() + " ops from " + source + ":");
        for (Path p : written) System.out.println("  " + p);
        if (written.size() == 1) {
            System.out.println("Graphviz's dot is not installed, so there is no SVG or PNG; install it (Debian: apt-get install graphviz)"
                    + " and run this again, or run: dot -Tsvg " + written.getFirst() + " -o " + sibling(out, ".svg"));
        }
    }

    /** Writes PREFIX.dot and, where dot runs, PREFIX.svg and PREFIX.png; returns what it wrote. */
    public static List<Path> write(String dot, Path prefix) throws IOException, InterruptedException {
        List<Path> written = new ArrayList<>();
        Path dotFile = sibling(prefix, ".dot");
        Path parent = dotFile.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(dotFile, dot, StandardCharsets.UTF_8);
        written.add(dotFile);
        Optional<Path> exe = dotExecutable();
        if (exe.isPresent()) {
            for (String format : new String[] {"svg", "png"}) {
                Path target = sibling(prefix, "." + format);
                render(exe.get(), format, dotFile, target);
                written.add(target);
            }
        }
        return written;
    }

    /** Graphviz's {@code dot} on the PATH, if there is one. */
    public static Optional<Path> dotExecutable() {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "dot");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static void render(Path exe, String format, Path in, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(exe.toString(), "-T" + format, in.toString(), "-o", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dot -T" + format + " " + in + " took more than two minutes");
        }
        if (p.exitValue() != 0) throw new IOException("dot -T" + format + " " + in + " failed (exit " + p.exitValue() + "): " + log.strip());
    }

    private static Path sibling(Path prefix, String extension) { return prefix.resolveSibling(prefix.getFileName() + extension); }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) usage(flag + " needs a value");
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("nagare graph: " + problem);
        System.err.println("usage: ./nagare graph FILE|DIR [--out PREFIX] [--expand] [--max-nodes N]");
        System.exit(2);
    }
}
