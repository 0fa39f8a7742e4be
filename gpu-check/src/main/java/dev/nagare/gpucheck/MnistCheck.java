package dev.nagare.gpucheck;

import dev.nagare.data.MnistData;
import dev.nagare.device.Device;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Session;
import dev.nagare.session.SessionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The MNIST MLP trained the same way (seed, batches, SGD) on the CPU and on /gpu:0: accuracies side by side. */
final class MnistCheck {
    private static final int BATCH = 128;
    private final GpuCheck c;
    private final List<Device> devices;
    private final Path data;
    private final int epochs;

    MnistCheck(GpuCheck c, List<Device> devices, Path data, int epochs) {
        this.c = c;
        this.devices = devices;
        this.data = data;
        this.epochs = epochs;
    }

    int run() {
        MnistData train, test;
        try {
            train = MnistData.loadTrain(data);
            test = MnistData.loadTest(data);
        } catch (IOException e) {
            throw new UncheckedIOException("no MNIST data in " + data.toAbsolutePath(), e);
        }
        c.line("mnist: %d training and %d test images from %s; MLP 784-256-128-64-10, SGD 0.1, batch %d, %d epoch(s)", train.count(), test.count(), data, BATCH, epochs);
        double cpu = train(null, List.of(devices.get(0)), train, test);
        double gpu = train("/gpu:0", devices, train, test);
        boolean same = Math.abs(cpu - gpu) <= 0.01;
        c.line("mnist: test accuracy CPU %.2f%%, GPU %.2f%%: %s", 100 * cpu, 100 * gpu, same ? "equal within 1 point" : "DIFFERENT");
        return same ? 0 : 1;
    }

    private double train(String device, List<Device> devs, MnistData train, MnistData test) {
        Mlp net = new Mlp(device, 0.1, 15, false);
        String where = device == null ? "CPU" : device;
        try (Session s = new Session(net.graph, SessionOptions.defaults().withDevices(devs).withSoftPlacement(true))) {
            s.runner().addTarget(net.init).run();
            int pixels = train.rows() * train.cols();
            for (int e = 0; e < epochs; e++) {
                long t0 = System.nanoTime();
                double lossSum = 0;
                int steps = 0;
                for (int start = 0; start + BATCH <= train.count(); start += BATCH, steps++) {
                    Tensor x = Tensor.of(Shape.of(BATCH, pixels), Arrays.copyOfRange(train.images(), start * pixels, (start + BATCH) * pixels));
                    Tensor y = Tensor.of(Shape.of(BATCH), Arrays.copyOfRange(train.labels(), start, start + BATCH));
                    lossSum += s.runner().feed(net.images, x).feed(net.labels, y).fetch(net.loss).addTarget(net.train).run().get(0).floatValue();
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                c.line("mnist: %s epoch %d: mean loss %.4f, %.3f ms/step (with feeding)", where, e + 1, lossSum / steps, ms / steps);
            }
            int correct = 0;
            for (int start = 0; start < test.count(); start += 1000) {
                int n = Math.min(1000, test.count() - start);
                Tensor x = Tensor.of(Shape.of(n, pixels), Arrays.copyOfRange(test.images(), start * pixels, (start + n) * pixels));
                int[] p = s.runner().feed(net.images, x).fetch(net.predictions).run().get(0).intData();
                for (int i = 0; i < n; i++) if (p[i] == test.labels()[start + i]) correct++;
            }
            return correct / (double) test.count();
        }
    }
}
