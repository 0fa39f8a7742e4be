package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.Device;
import dev.nagare.device.KernelFactory;
import dev.nagare.device.cpu.CpuDevice;
import dev.nagare.graph.DType;
import dev.nagare.graph.DeviceSpec;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);

    @Test
    void aMissingDeviceFailsClearlyWithoutSoftPlacement() {
        Output sum = tf.withDevice("/gpu:0").withName("sum").add(tf.constant(1f), tf.constant(2f));
        try (Session s = new Session(g, SessionOptions.defaults().withDevices(List.of(new CpuDevice())))) {
            PlacementException e = assertThrows(PlacementException.class, () -> s.run(sum));
            assertTrue(e.getMessage().contains("'sum'") && e.getMessage().contains("/device:GPU:0")
                    && e.getMessage().contains("soft placement"), e.getMessage());
        }
    }

    @Test
    void withoutAGpuDeviceTheErrorSaysWhyThereIsNone() {
        String why = dev.nagare.device.Devices.discover().unavailableReason("GPU");
        assertTrue(!why.isEmpty(), "the CUDA provider reports why it found no usable GPU");
        Output sum = tf.withDevice("/gpu:0").withName("sum").add(tf.constant(1f), tf.constant(2f));
        try (Session s = new Session(g)) {
            PlacementException e = assertThrows(PlacementException.class, () -> s.run(sum));
            assertTrue(e.getMessage().contains(why) && e.getMessage().contains("'sum'"), e.getMessage());
        }
        try (Session soft = new Session(g, SessionOptions.defaults().withSoftPlacement(true))) {
            assertEquals(3f, soft.run(sum).floatValue());
        }
    }

    @Test
    void softPlacementFallsBackToTheCpuAndTheLogSaysSo() {
        Output sum = tf.withDevice("/device:GPU:0").withName("sum").add(tf.constant(1f), tf.constant(2f));
        List<String> log = new ArrayList<>();
        SessionOptions options = SessionOptions.defaults().withDevices(List.of(new CpuDevice()))
                .withSoftPlacement(true).withPlacementLog(log::add);
        try (Session s = new Session(g, options)) {
            assertEquals(3f, s.run(sum).floatValue());
        }
        assertTrue(log.contains("sum: (AddV2): /device:CPU:0"), log.toString());
    }

    @Test
    void cpuDeviceSpellingsAllWork() {
        Output a = tf.withDevice("/cpu:0").constant(1);
        Output b = tf.withDevice("/device:CPU:0").constant(2);
        Output c = tf.withDevice("/job:localhost/replica:0/task:0/device:CPU:0").add(a, b);
        try (Session s = new Session(g)) {
            assertEquals(3, s.run(c).intValue());
        }
        assertEquals("/device:CPU:0", a.node().device());
        assertThrows(IllegalArgumentException.class, () -> tf.withDevice("cpu zero"));
        assertEquals(new DeviceSpec("GPU", 1), DeviceSpec.parse("/gpu:1"));
    }

    /** A device whose values are not host tensors, with only an add kernel: proves the copies the executor inserts. */
    static final class BoxDevice implements Device {
        record Box(Tensor inner) implements TensorValue {
            @Override public DType dtype() { return inner.dtype(); }
            @Override public Shape shape() { return inner.shape(); }
        }

        final AtomicInteger toDevice = new AtomicInteger();
        final AtomicInteger toHost = new AtomicInteger();
        private final CpuDevice cpu = new CpuDevice();

        @Override public DeviceSpec spec() { return new DeviceSpec("GPU", 0); }

        @Override
        public Optional<KernelFactory> kernel(String op, DType dtype) {
            if (op.equals("Assign")) { // writes the device's own value: the variable then lives here
                return Optional.of(node -> (ctx, in) -> {
                    ctx.variables().write(node.input(0).node(), in[1]);
                    return new TensorValue[] {in[1]};
                });
            }
            if (!op.equals("AddV2")) return Optional.empty();
            return cpu.kernel(op, dtype).map(f -> node -> {
                var k = f.create(node);
                return (ctx, in) -> {
                    TensorValue[] unboxed = new TensorValue[in.length];
                    for (int i = 0; i < in.length; i++) unboxed[i] = ((Box) in[i]).inner();
                    TensorValue[] out = k.compute(ctx, unboxed);
                    return new TensorValue[] {new Box((Tensor) out[0])};
                };
            });
        }

        @Override public TensorValue fromHost(Tensor t) { toDevice.incrementAndGet(); return new Box(t); }

        @Override public Tensor toHost(TensorValue v) { toHost.incrementAndGet(); return ((Box) v).inner(); }

        @Override public boolean holds(TensorValue v) { return v instanceof Box; }

        @Override public Object memoryOf(TensorValue v) { return ((Box) v).inner().data(); } // the buffer the kernel wrote

        @Override public void synchronize() { }

        @Override public void close() { }
    }

    @Test
    void valuesCrossingDevicesAreCopied() {
        BoxDevice gpu = new BoxDevice();
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        Output onGpu = tf.withDevice("/gpu:0").add(x, tf.constant(new float[] {1, 1}));
        Output onCpu = tf.mul(onGpu, tf.constant(new float[] {2, 2}));
        Output negOnGpu = tf.withDevice("/gpu:0").neg(x); // no Neg kernel there
        try (Session s = new Session(g, SessionOptions.defaults().withDevices(List.of(new CpuDevice(), gpu)))) {
            Tensor out = s.runner().feed(x, Tensor.of(Shape.of(2), new float[] {1, 2})).fetch(onCpu).fetch(onGpu).run().get(0);
            assertEquals("[4., 6.]", out.toString());
            assertEquals(2, gpu.toDevice.get(), "x and the constant go to the device");
            assertEquals(1, gpu.toHost.get(), "the sum comes back once, for both the mul and the fetch");
            PlacementException e = assertThrows(PlacementException.class,
                    () -> s.runner().feed(x, Tensor.of(Shape.of(2), new float[2])).fetch(negOnGpu).run());
            assertTrue(e.getMessage().contains("no kernel for Neg"), e.getMessage());
        }
    }

    /**
     * A variable written on the CPU and read by a node on the device gets there as the device's value; one
     * written on the device (by an assign placed there) is copied back when a CPU node or a fetch reads it.
     */
    @Test
    void variablesAreCopiedToTheDeviceThatReadsThem() {
        BoxDevice gpu = new BoxDevice();
        Output v = tf.variable(tf.constant(new float[] {1, 2}), "v");
        Output onGpu = tf.withDevice("/gpu:0").add(v, tf.constant(new float[] {10, 10}));
        Output setOnGpu = tf.withDevice("/gpu:0").assign(v, tf.withDevice("/gpu:0").add(v, v));
        Output onCpu = tf.mul(v, tf.constant(new float[] {3, 3}));
        try (Session s = new Session(g, SessionOptions.defaults().withDevices(List.of(new CpuDevice(), gpu)))) {
            s.run(tf.globalVariablesInitializer());
            assertEquals("[11., 12.]", s.run(onGpu).toString());
            s.run(setOnGpu.node()); // v = v + v, computed and kept on the device
            assertEquals("[6., 12.]", s.run(onCpu).toString());
            assertEquals("[2., 4.]", s.run(v).toString());
            assertEquals("[12., 14.]", s.run(onGpu).toString());
        }
    }
}
