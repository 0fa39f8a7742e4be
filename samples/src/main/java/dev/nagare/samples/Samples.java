package dev.nagare.samples;

import dev.nagare.samples.course.CourseSamples;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the samples by name: {@code add counter placeholder sessions rank mnist cnn logistic softmax dnn cnn-layers}, or {@code all}. */
public final class Samples {
    /** A sample prints what its tutorial shows. */
    @FunctionalInterface
    public interface Sample {
        /** Runs the sample; {@code flags} are the command-line options after its name (only mnist has any). */
        void run(PrintStream out, String[] flags) throws Exception;
    }

    /** Every sample, in the order the tutorials take them. */
    public static final Map<String, Sample> ALL = new LinkedHashMap<>();

    static {
        ALL.put("add", (out, flags) -> BasicSamples.add(out));
        ALL.put("counter", (out, flags) -> BasicSamples.counter(out));
        ALL.put("placeholder", (out, flags) -> BasicSamples.placeholder(out));
        ALL.put("sessions", (out, flags) -> BasicSamples.sessions(out));
        ALL.put("rank", (out, flags) -> BasicSamples.rank(out));
        ALL.put("mnist", dev.nagare.samples.mnist.MnistSample::run);
        ALL.put("cnn", dev.nagare.samples.cnn.CnnSample::run);
        ALL.put("logistic", (out, flags) -> CourseSamples.logistic(out));
        ALL.put("softmax", (out, flags) -> CourseSamples.softmax(out, CourseSamples.dataDir(flags), CourseSamples.epochs(flags, 5)));
        ALL.put("dnn", (out, flags) -> CourseSamples.dnn(out, CourseSamples.dataDir(flags), CourseSamples.epochs(flags, 15)));
        ALL.put("cnn-layers", (out, flags) -> CourseSamples.cnn(out, CourseSamples.dataDir(flags), CourseSamples.epochs(flags, 3), Integer.MAX_VALUE));
    }

    private Samples() {}

    public static void main(String[] args) throws Exception {
        int flags = 0;
        while (flags < args.length && !args[flags].startsWith("--")) flags++;
        // Options (from the first "--" argument on) go to the samples that take them.
        String[] options = java.util.Arrays.copyOfRange(args, flags, args.length);
        List<String> given = List.of(args).subList(0, flags);
        List<String> names = given.isEmpty() || given.contains("all") ? List.copyOf(ALL.keySet()) : given;
        for (String name : names) {
            if (!ALL.containsKey(name)) {
                System.err.println("No sample named '" + name + "'. Samples: " + String.join(", ", ALL.keySet()) + ", all");
                System.exit(2);
            }
        }
        for (String name : names) {
            System.out.println("== " + name + " ==");
            ALL.get(name).run(System.out, options);
            System.out.println();
        }
    }
}
