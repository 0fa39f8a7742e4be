package dev.nagare.device.cpu;

import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.RandomOps;

/**
 * Random draws that are the same on every machine: a SplitMix64 stream keyed by the node's seeds and the
 * draw number, and StrictMath for the transforms (Math may differ in the last bit between CPUs).
 */
final class RandomKernels {
    private RandomKernels() {}

    private enum Kind { NORMAL, TRUNCATED, UNIFORM }

    static void register(KernelRegistry r) {
        r.add(RandomOps.NORMAL, CpuKernel.bind(n -> draw(n, Kind.NORMAL)), ElementwiseKernels.FLOATING);
        r.add(RandomOps.TRUNCATED_NORMAL, CpuKernel.bind(n -> draw(n, Kind.TRUNCATED)), ElementwiseKernels.FLOATING);
        r.add(RandomOps.UNIFORM, CpuKernel.bind(n -> draw(n, Kind.UNIFORM)), ElementwiseKernels.FLOATING);
    }

    private static CpuKernel draw(Node node, Kind kind) {
        DType dtype = node.attr("dtype");
        long seed = node.<Long>attr("seed"), seed2 = node.<Long>attr("seed2");
        return (ctx, in) -> {
            if (in[0].rank() != 1) throw ctx.fail("the shape input must be a vector, got shape " + in[0].shape());
            int[] dims = in[0].intData();
            Shape shape = Sizes.shape(ctx, dims); // rejects negative sizes, and more than 2^31-1 elements
            SplitMix64 rng = new SplitMix64(mix(mix(mix(seed) ^ seed2) + ctx.variables().nextDraw(ctx.node())));
            int n = shape.size();
            if (dtype == DType.FLOAT64) {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) values[i] = sample(rng, kind);
                return Tensor.of(shape, values);
            }
            // float32 uniforms take 24 random bits: rounding a double in [0, 1) to float could give 1.0
            float[] f = new float[n];
            for (int i = 0; i < n; i++) f[i] = kind == Kind.UNIFORM ? rng.nextFloat() : (float) sample(rng, kind);
            return Tensor.of(shape, f);
        };
    }

    private static double sample(SplitMix64 rng, Kind kind) {
        return switch (kind) {
            case UNIFORM -> rng.nextDouble();
            case NORMAL -> rng.nextGaussian();
            case TRUNCATED -> {
                double x;
                do { x = rng.nextGaussian(); } while (Math.abs(x) > 2);
                yield x;
            }
        };
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Steele, Lea and Flood's SplitMix64, with Box-Muller normals; fixed here so it never changes under us. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) { state = seed; }

        long nextLong() {
            state += 0x9e3779b97f4a7c15L;
            return mix(state);
        }

        /** Uniform on [0, 1) with 24 random bits, exactly representable as a float. */
        float nextFloat() { return (nextLong() >>> 40) * 0x1.0p-24f; }

        /** Uniform on [0, 1) with 53 random bits. */
        double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

        double nextGaussian() {
            double u1;
            do { u1 = nextDouble(); } while (u1 == 0);
            double u2 = nextDouble();
            return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
        }
    }
}
