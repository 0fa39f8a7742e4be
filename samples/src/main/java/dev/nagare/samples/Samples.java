package dev.nagare.samples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the samples by name: {@code add counter placeholder sessions rank}, or {@code all}. */
public final class Samples {
    /** A sample prints what its tutorial shows. */
    @FunctionalInterface
    public interface Sample {
        void run(PrintStream out) throws Exception;
    }

    /** Every sample, in the order the tutorials take them. */
    public static final Map<String, Sample> ALL = new LinkedHashMap<>();

    static {
        ALL.put("add", BasicSamples::add);
        ALL.put("counter", BasicSamples::counter);
        ALL.put("placeholder", BasicSamples::placeholder);
        ALL.put("sessions", BasicSamples::sessions);
        ALL.put("rank", BasicSamples::rank);
    }

    private Samples() {}

    public static void main(String[] args) throws Exception {
        List<String> names = args.length == 0 || List.of(args).contains("all") ? List.copyOf(ALL.keySet()) : List.of(args);
        for (String name : names) {
            if (!ALL.containsKey(name)) {
                System.err.println("No sample named '" + name + "'. Samples: " + String.join(", ", ALL.keySet()) + ", all");
                System.exit(2);
            }
        }
        for (String name : names) {
            System.out.println("== " + name + " ==");
            ALL.get(name).run(System.out);
            System.out.println();
        }
    }
}
