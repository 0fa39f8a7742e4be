package dev.nagare.gpucheck;

import dev.nagare.device.Device;
import dev.nagare.device.cuda.CudaBench;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Session;
import dev.nagare.session.SessionOptions;
import java.util.List;
import java.util.Random;

/** The figures of issue 15: sgemm n=4096 (fp32, TF32), elementwise add bandwidth, launch cost, MLP step at batch 128 and 8192. */
final class Bench {
    private final GpuCheck c;
    private final Device gpu;
    private final List<Device> devices;

    Bench(GpuCheck c, Device gpu, List<Device> devices) {
        this.c = c;
        this.gpu = gpu;
        this.devices = devices;
    }

    int run() {
        Device d = gpu.open();
        try {
            c.line("bench: sgemm n=4096 fp32: %.1f TFLOP/s (target: within 5%% of cuBLAS, 52 on an H100)", CudaBench.sgemm(d, 4096, 20, false) / 1000);
            c.line("bench: sgemm n=4096 TF32 math: %.1f TFLOP/s", CudaBench.sgemm(d, 4096, 20, true) / 1000);
            c.line("bench: elementwise add float32, 2^26 elements: %.0f GB/s (target: at least 2500)", CudaBench.add(d, 1 << 26, 20));
            double[] launch = CudaBench.launchMicros(d, 1000);
            c.line("bench: launch of a one-element kernel: %.2f us eager, %.2f us replayed from a captured CUDA graph", launch[0], launch[1]);
        } finally {
            d.synchronize();
            d.close();
        }
        for (int batch : new int[] {128, 8192}) mlpStep(batch, batch == 128 ? 200 : 50);
        return 0;
    }

    /** Milliseconds per SGD step of the MLP with its batch resident on the GPU (no copies per step). */
    private void mlpStep(int batch, int steps) {
        Mlp net = new Mlp("/gpu:0", 0.01, 15, true);
        Random r = new Random(batch);
        float[] x = new float[batch * Mlp.WIDTHS[0]];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        int[] y = r.ints(batch, 0, 10).toArray();
        try (Session s = new Session(net.graph, SessionOptions.defaults().withDevices(devices).withSoftPlacement(true))) {
            s.runner().feed(net.images, Tensor.of(Shape.of(batch, Mlp.WIDTHS[0]), x)).feed(net.labels, Tensor.of(Shape.of(batch), y)).addTarget(net.init).run();
            for (int i = 0; i < 10; i++) s.runner().addTarget(net.train).run();
            s.runner().fetch(net.loss).run();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) s.runner().addTarget(net.train).run();
            float loss = s.runner().fetch(net.loss).run().get(0).floatValue(); // waits for the steps' work
            double ms = (System.nanoTime() - t0) / 1e6 / steps;
            c.line("bench: MLP 784-256-128-64-10 SGD step, batch %d: %.3f ms/step, %.0f examples/s (loss %.4f; targets: 0.2 ms at 128, 0.45 at 8192)",
                    batch, ms, batch * 1000 / ms, loss);
        }
    }
}
