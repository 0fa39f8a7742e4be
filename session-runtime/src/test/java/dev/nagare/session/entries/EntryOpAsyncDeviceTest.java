package dev.nagare.session.entries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.Device;
import dev.nagare.device.cpu.CpuDevice;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpTests;
import dev.nagare.ops.Tf;
import dev.nagare.session.AsyncTestDevice;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import dev.nagare.session.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated op table ({@link EntryOpTest}'s cases) on {@link AsyncTestDevice}: each op placed on
 * {@code /gpu:0}, whose kernels run later on the device's own thread (after random delays, or only once
 * something waits for them), fed through copies to the device, read back by a CPU node and by the fetch,
 * twice in one Session (the second run's buffers are last run's, filled with NaN). Every value must be the
 * CPU device's, bit for bit, and match the entry's float64 reference.
 */
class EntryOpAsyncDeviceTest {
    private static final CpuDevice CPU = new CpuDevice();

    static Stream<EntryCase> cases() { return EntryCase.all(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void delayedDeviceGivesTheCpusBits(EntryCase c) {
        check(c, AsyncTestDevice.delayed(100, c.toString().hashCode()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lazyDeviceGivesTheCpusBits(EntryCase c) {
        check(c, AsyncTestDevice.lazy());
    }

    private static void check(EntryCase c, AsyncTestDevice device) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = OpTests.inputs(tf, c.sample(), c.inputs(), false);
        Output out = c.build(tf.withDevice("/gpu:0"), in).output(0);
        // A CPU node reading the device's value: a host kernel, which must wait for the device's work.
        Output onHost = out.dtype() == DType.BOOL ? tf.logicalOr(out, out)
                : out.dtype() == DType.STRING ? tf.identity(out) : tf.add(out, tf.zerosLike(out));
        List<Tensor> cpu = runTwice(g, c, in, out, onHost, List.of(CPU));
        List<Tensor> async = runTwice(g, c, in, out, onHost, List.of(CPU, device));
        for (int i = 0; i < cpu.size(); i++) {
            assertEquals(cpu.get(i), async.get(i), c + ": value " + i + " on the asynchronous device differs from the CPU's");
        }
        EntryOpTest.assertMatches(c + " (asynchronous device)", c.expected(out.node()).get(0), async.get(2), c.tolerance(out.dtype()));
        assertTrue(device.opened().stream().allMatch(AsyncTestDevice::isClosed), "the Session closed its device");
        // The op ran on the device unless it is a string op (the device has none: soft placement took the CPU's).
        int ran = device.opened().get(0).kernelsRun();
        assertTrue(ran > 0 || c.inputs().stream().anyMatch(t -> t.dtype() == DType.STRING) || out.dtype() == DType.STRING,
                c + ": nothing ran on the asynchronous device");
    }

    /** (out, onHost) of a first run and of a second run in the same Session. */
    private static List<Tensor> runTwice(Graph g, EntryCase c, List<Output> in, Output out, Output onHost, List<Device> devices) {
        List<Tensor> got = new ArrayList<>();
        try (Session s = new Session(g, SessionOptions.defaults().withDevices(devices).withSoftPlacement(true))) {
            for (int run = 0; run < 2; run++) {
                Runner r = s.runner();
                for (int i = 0; i < in.size(); i++) if (!c.sample().inputs().get(i).constant()) r.feed(in.get(i), c.inputs().get(i));
                got.addAll(r.fetch(out).fetch(onHost).run());
            }
        }
        return got;
    }
}
