package dev.nagare.bench;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import dev.nagare.session.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyGradientDescent;
import org.tensorflow.types.TFloat32;

/**
 * Convolution beside TensorFlow Java 1.1.0 ({@code ./nagare bench conv}): forward, and forward plus both
 * backprops (Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter on a fed gradient), of the Deep MNIST
 * tutorial's layers at batch 64 (28x28x1 by 5x5x32 and 14x14x32 by 5x5x64, SAME) and of a 56x56x64 by
 * 3x3x64 layer at batch 16; then the tutorial CNN's whole SGD training step (conv - max pool - conv - max
 * pool - dense 1024 - dense 10, softmax cross-entropy on one-hot labels) at batch 64, the same weights and data in both.
 * Every input is fed (or a variable) in both engines; work is counted as 2 x multiply-adds per convolution.
 * The two engines take turns in half-second rounds ({@link Harness#runInTurns}), so a machine whose speed
 * drifts during the run slows both alike.
 */
final class ConvBench {
    private ConvBench() {}

    record Layer(String name, int n, int hw, int c, int k, int oc) {
        long flops() { return 2L * n * hw * hw * oc * k * k * c; }
        long[] x() { return new long[] {n, hw, hw, c}; }
        long[] w() { return new long[] {k, k, c, oc}; }
        long[] y() { return new long[] {n, hw, hw, oc}; }
    }

    static final List<Layer> LAYERS = List.of(
            new Layer("conv 28x28x1 -> 5x5x32, batch 64", 64, 28, 1, 5, 32),
            new Layer("conv 14x14x32 -> 5x5x64, batch 64", 64, 14, 32, 5, 64),
            new Layer("conv 56x56x64 -> 3x3x64, batch 16", 16, 56, 64, 3, 64));

    static final String CNN = "CNN training step (SGD), batch 64";

    static void run(Harness h) {
        Random r = new Random(1);
        for (Layer l : LAYERS) {
            float[] x = random(r, l.x()), w = random(r, l.w()), dy = random(r, l.y());
            for (boolean backward : new boolean[] {false, true}) {
                String name = l.name() + (backward ? ", fwd+bwd" : ", forward");
                long work = l.flops() * (backward ? 3 : 1);
                try (TfLayer tf = new TfLayer(l, x, w, dy, backward); NagareLayer ng = new NagareLayer(l, x, w, dy, backward)) {
                    h.runInTurns(name, TfJavaSessionBench.ENGINE, tf, NagareSessionBench.ENGINE, ng, work);
                }
            }
        }
        CnnData data = new CnnData(new Random(2), 64);
        long cnnWork = 3 * (LAYERS.get(0).flops() + LAYERS.get(1).flops() + 2L * 64 * 3136 * 1024 + 2L * 64 * 1024 * 10);
        try (TfCnn tf = new TfCnn(data); NagareCnn ng = new NagareCnn(data)) {
            h.runInTurns(CNN, TfJavaSessionBench.ENGINE, tf, NagareSessionBench.ENGINE, ng, cnnWork);
        }
    }

    static float[] random(Random r, long... dims) {
        long n = 1;
        for (long d : dims) n *= d;
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * 0.1);
        return a;
    }

    static dev.nagare.graph.Shape nShape(long... dims) {
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) d[i] = (int) dims[i];
        return dev.nagare.graph.Shape.of(d);
    }

    private static final long[] ONES = {1, 1, 1, 1};
    private static final int[] ONES_INT = {1, 1, 1, 1};

    /** One layer in TensorFlow Java: Conv2D, and with {@code backward} its two backprops, on fed tensors. */
    static final class TfLayer implements Runnable, AutoCloseable {
        final Graph graph = new Graph();
        final Session session;
        final TFloat32 x, w, dy;
        final org.tensorflow.Output<?> px, pw, pdy;
        final List<org.tensorflow.Output<?>> fetches = new ArrayList<>();

        TfLayer(Layer l, float[] xv, float[] wv, float[] dyv, boolean backward) {
            Ops tf = Ops.create(graph);
            px = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(l.x()))).output();
            pw = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(l.w()))).output();
            pdy = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(l.y()))).output();
            fetches.add(op("Conv2D", px, pw));
            if (backward) {
                fetches.add(op("Conv2DBackpropInput", tf.constant(toInt(l.x())).asOutput(), pw, pdy));
                fetches.add(op("Conv2DBackpropFilter", px, tf.constant(toInt(l.w())).asOutput(), pdy));
            }
            session = new Session(graph, TrainingTfJava.config());
            x = TFloat32.tensorOf(Shape.of(l.x()), DataBuffers.of(xv, true, false));
            w = TFloat32.tensorOf(Shape.of(l.w()), DataBuffers.of(wv, true, false));
            dy = TFloat32.tensorOf(Shape.of(l.y()), DataBuffers.of(dyv, true, false));
        }

        private org.tensorflow.Output<?> op(String type, org.tensorflow.Output<?>... in) {
            var b = graph.opBuilder(type, type + "_" + fetches.size(), graph.baseScope());
            for (org.tensorflow.Output<?> o : in) b.addInput(o);
            GraphOperation op = b.setAttr("strides", ONES).setAttr("padding", "SAME").build();
            return op.output(0);
        }

        @Override public void run() {
            Session.Runner r = session.runner().feed(px, x).feed(pw, w).feed(pdy, dy);
            for (org.tensorflow.Output<?> f : fetches) r.fetch(f);
            try (Result res = r.run()) {
                // results released
            }
        }

        @Override public void close() {
            x.close();
            w.close();
            dy.close();
            session.close();
            graph.close();
        }
    }

    static int[] toInt(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
        return out;
    }

    /** The same layer in Nagare. */
    static final class NagareLayer implements Runnable, AutoCloseable {
        final dev.nagare.graph.Graph graph = new dev.nagare.graph.Graph();
        final dev.nagare.session.Session session;
        final Output px, pw, pdy;
        final dev.nagare.graph.Tensor x, w, dy;
        final List<Output> fetches = new ArrayList<>();

        NagareLayer(Layer l, float[] xv, float[] wv, float[] dyv, boolean backward) {
            Tf tf = Tf.of(graph);
            px = tf.placeholder(DType.FLOAT32, nShape(l.x()), "x");
            pw = tf.placeholder(DType.FLOAT32, nShape(l.w()), "w");
            pdy = tf.placeholder(DType.FLOAT32, nShape(l.y()), "dy");
            fetches.add(tf.nn.conv2d(px, pw, ONES_INT, "SAME"));
            if (backward) {
                fetches.add(tf.nn.conv2dBackpropInput(tf.constant(toInt(l.x())), pw, pdy, ONES_INT, "SAME", null, null, null));
                fetches.add(tf.nn.conv2dBackpropFilter(px, tf.constant(toInt(l.w())), pdy, ONES_INT, "SAME", null, null, null));
            }
            session = new dev.nagare.session.Session(graph);
            x = dev.nagare.graph.Tensor.of(nShape(l.x()), xv);
            w = dev.nagare.graph.Tensor.of(nShape(l.w()), wv);
            dy = dev.nagare.graph.Tensor.of(nShape(l.y()), dyv);
        }

        @Override public void run() {
            Runner r = session.runner().feed(px, x).feed(pw, w).feed(pdy, dy);
            for (Output f : fetches) r.fetch(f);
            r.run();
        }

        @Override public void close() { session.close(); }
    }

    /** Weights, images and labels of the CNN step, shared by both engines. */
    static final class CnnData {
        final int batch;
        final float[] w1, b1, w2, b2, w3, b3, w4, b4, images;
        final int[] labels;

        CnnData(Random r, int batch) {
            this.batch = batch;
            w1 = random(r, 5, 5, 1, 32); b1 = new float[32];
            w2 = random(r, 5, 5, 32, 64); b2 = new float[64];
            w3 = random(r, 3136, 1024); b3 = new float[1024];
            w4 = random(r, 1024, 10); b4 = new float[10];
            images = new float[batch * 784];
            for (int i = 0; i < images.length; i++) images[i] = r.nextFloat();
            labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = r.nextInt(10);
        }

        float[] oneHot() {
            float[] y = new float[batch * 10];
            for (int i = 0; i < batch; i++) y[i * 10 + labels[i]] = 1;
            return y;
        }
    }

    static final float LR = 0.01f;

    /** The CNN step in TensorFlow Java: tf.gradients (AddGradients) and one ApplyGradientDescent per variable. */
    static final class TfCnn implements Runnable, AutoCloseable {
        final Graph graph = new Graph();
        final Session session;
        final Placeholder<TFloat32> images;
        final Placeholder<TFloat32> labels;
        final TFloat32 imageTensor;
        final TFloat32 labelTensor;
        final List<ApplyGradientDescent<TFloat32>> applies = new ArrayList<>();
        private int counter;

        @SuppressWarnings("unchecked")
        TfCnn(CnnData d) {
            Ops tf = Ops.create(graph);
            images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 784)));
            labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 10)));
            List<Variable<TFloat32>> vars = new ArrayList<>();
            Variable<TFloat32> w1 = var(tf, vars, d.w1, 5, 5, 1, 32), b1 = var(tf, vars, d.b1, 32);
            Variable<TFloat32> w2 = var(tf, vars, d.w2, 5, 5, 32, 64), b2 = var(tf, vars, d.b2, 64);
            Variable<TFloat32> w3 = var(tf, vars, d.w3, 3136, 1024), b3 = var(tf, vars, d.b3, 1024);
            Variable<TFloat32> w4 = var(tf, vars, d.w4, 1024, 10), b4 = var(tf, vars, d.b4, 10);
            Operand<TFloat32> h = tf.reshape(images, tf.constant(new int[] {-1, 28, 28, 1}));
            h = pool(tf.nn.relu(tf.nn.biasAdd((Operand<TFloat32>) conv(h, w1), b1)));
            h = pool(tf.nn.relu(tf.nn.biasAdd((Operand<TFloat32>) conv(h, w2), b2)));
            h = tf.reshape(h, tf.constant(new int[] {-1, 3136}));
            h = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(h, w3), b3));
            Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(h, w4), b4);
            // TensorFlow's C++ gradients have no rule for the sparse cross-entropy: one-hot labels in both engines
            Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
            Gradients grads = tf.gradients(loss, vars);
            Operand<TFloat32> alpha = tf.constant(LR);
            for (int i = 0; i < vars.size(); i++) applies.add(tf.train.applyGradientDescent(vars.get(i), alpha, grads.<TFloat32>dy(i)));
            session = new Session(graph, TrainingTfJava.config());
            session.initialize();
            imageTensor = TFloat32.tensorOf(Shape.of(d.batch, 784), DataBuffers.of(d.images, true, false));
            labelTensor = TFloat32.tensorOf(Shape.of(d.batch, 10), DataBuffers.of(d.oneHot(), true, false));
        }

        private static Variable<TFloat32> var(Ops tf, List<Variable<TFloat32>> vars, float[] v, long... dims) {
            Variable<TFloat32> x = tf.variable(tf.constant(Shape.of(dims), DataBuffers.of(v, true, false)));
            vars.add(x);
            return x;
        }

        private org.tensorflow.Output<?> conv(Operand<TFloat32> x, Operand<TFloat32> w) {
            return graph.opBuilder("Conv2D", "conv" + counter++, graph.baseScope()).addInput(x.asOutput()).addInput(w.asOutput())
                    .setAttr("strides", ONES).setAttr("padding", "SAME").build().output(0);
        }

        @SuppressWarnings("unchecked")
        private Operand<TFloat32> pool(Operand<TFloat32> x) {
            return (Operand<TFloat32>) (Operand<?>) graph.opBuilder("MaxPool", "pool" + counter++, graph.baseScope()).addInput(x.asOutput())
                    .setAttr("ksize", new long[] {1, 2, 2, 1}).setAttr("strides", new long[] {1, 2, 2, 1}).setAttr("padding", "SAME")
                    .build().output(0);
        }

        @Override public void run() {
            Session.Runner r = session.runner().feed(images, imageTensor).feed(labels, labelTensor);
            for (ApplyGradientDescent<TFloat32> a : applies) r.addTarget(a);
            try (Result res = r.run()) {
                // nothing fetched
            }
        }

        @Override public void close() {
            imageTensor.close();
            labelTensor.close();
            session.close();
            graph.close();
        }
    }

    /** The same CNN step in Nagare, with tf.train.gradientDescent. */
    static final class NagareCnn implements Runnable, AutoCloseable {
        final dev.nagare.graph.Graph graph = new dev.nagare.graph.Graph();
        final dev.nagare.session.Session session;
        final Output images, labels;
        final dev.nagare.graph.Node step;
        final dev.nagare.graph.Tensor imageTensor, labelTensor;

        NagareCnn(CnnData d) {
            Tf tf = Tf.of(graph);
            images = tf.placeholder(DType.FLOAT32, dev.nagare.graph.Shape.of(-1, 784), "images");
            labels = tf.placeholder(DType.FLOAT32, dev.nagare.graph.Shape.of(-1, 10), "labels");
            Output h = tf.reshape(images, -1, 28, 28, 1);
            h = convPool(tf, h, var(tf, d.w1, 5, 5, 1, 32), var(tf, d.b1, 32));
            h = convPool(tf, h, var(tf, d.w2, 5, 5, 32, 64), var(tf, d.b2, 64));
            h = tf.reshape(h, -1, 3136);
            h = tf.nn.relu(tf.nn.biasAdd(tf.matmul(h, var(tf, d.w3, 3136, 1024)), var(tf, d.b3, 1024)));
            Output logits = tf.nn.biasAdd(tf.matmul(h, var(tf, d.w4, 1024, 10)), var(tf, d.b4, 10));
            step = tf.train.gradientDescent(LR).minimize(tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits(labels, logits)));
            session = new dev.nagare.session.Session(graph);
            session.run(tf.globalVariablesInitializer());
            imageTensor = dev.nagare.graph.Tensor.of(dev.nagare.graph.Shape.of(d.batch, 784), d.images);
            labelTensor = dev.nagare.graph.Tensor.of(dev.nagare.graph.Shape.of(d.batch, 10), d.oneHot());
        }

        private static Output var(Tf tf, float[] v, int... dims) {
            return tf.variable(tf.constant(dev.nagare.graph.Tensor.of(dev.nagare.graph.Shape.of(dims), v)));
        }

        private static Output convPool(Tf tf, Output x, Output w, Output b) {
            Output y = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, w, ONES_INT, "SAME"), b));
            return tf.nn.maxPool(y, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, "SAME");
        }

        @Override public void run() {
            session.runner().feed(images, imageTensor).feed(labels, labelTensor).addTarget(step).run();
        }

        @Override public void close() { session.close(); }
    }
}
