package dev.nagare.device.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.OpType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which ops the GPU has kernels for, decided without a GPU: the MNIST MLP's training step (784-256-128-64-10,
 * ReLU, sparse softmax cross-entropy, SGD and Adam) runs on {@code /gpu:0} entirely, but for the ops named
 * here that soft placement keeps on the CPU; and the elementwise kernels follow the op entries' dtypes.
 */
class CudaKernelCoverageTest {
    /** The dtype that picks a node's kernel, as the Planner decides it. */
    private static DType kernelDtype(Node node) {
        OpType op = node.op();
        int i = op.kernelDtypeInput();
        if (i == OpType.BY_OUTPUT || node.inputs().size() <= i) return node.outputCount() > 0 ? node.output(0).dtype() : null;
        return node.input(i).dtype();
    }

    private static Set<String> withoutGpuKernel(Graph g) {
        Set<String> missing = new TreeSet<>();
        for (Node n : g.nodes()) if (!CudaKernels.has(n.opName(), kernelDtype(n))) missing.add(n.opName() + " " + kernelDtype(n));
        return missing;
    }

    private static Graph mlp(boolean adam) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 784), "images");
        Output labels = tf.placeholder(DType.INT32, Shape.of(-1), "labels");
        Output h = x;
        int[] widths = {784, 256, 128, 64, 10};
        for (int i = 1; i < widths.length; i++) {
            Output w = tf.variable(tf.init.heNormal(Shape.of(widths[i - 1], widths[i]), DType.FLOAT32, i), "w" + i);
            Output b = tf.variable(tf.init.zeros(Shape.of(widths[i]), DType.FLOAT32), "b" + i);
            h = tf.nn.biasAdd(tf.matmul(h, w), b);
            if (i < widths.length - 1) h = tf.nn.relu(h);
        }
        Output loss = tf.losses.sparseSoftmaxCrossEntropy(labels, h);
        tf.argmax(h, 1, DType.INT32);
        (adam ? tf.train.adam(0.001) : tf.train.gradientDescent(0.1)).minimize(loss);
        return g;
    }

    @Test
    void theMlpTrainingStepRunsOnTheGpuButItsInitializers() {
        // The initial values are drawn once, by the CPU's random kernel (the GPU has no random ops yet); placeholders
        // are fed, never run.
        Set<String> cpuOnly = Set.of("TruncatedNormal float32", "Placeholder float32", "Placeholder int32");
        for (boolean adam : new boolean[] {false, true}) {
            Set<String> missing = withoutGpuKernel(mlp(adam));
            missing.removeIf(m -> cpuOnly.stream().anyMatch(m::equals));
            assertEquals(Set.of(), missing, (adam ? "Adam" : "SGD") + ": ops of the MLP step without a GPU kernel");
        }
    }

    @Test
    void elementwiseKernelsFollowTheEntriesDtypes() {
        List<String> wrong = new ArrayList<>();
        for (String name : ElementwiseTable.names()) {
            OpDef def = OpRegistry.standard().find(name).orElse(null);
            if (def == null || def.inputs() == null) continue;
            for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL)) {
                boolean entryTakes = def.inputs().stream().allMatch(in -> in.dtypes().contains(t));
                boolean gpu = CudaKernels.has(name, t);
                // A GPU kernel only where the entry takes the dtype; and one for every float dtype the entry takes.
                if (gpu && !entryTakes || entryTakes && t.isFloating() && !gpu) wrong.add(name + " " + t + ": entry " + entryTakes + ", GPU " + gpu);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(CudaKernels.has("AddV2", DType.INT64) && CudaKernels.has("Equal", DType.BOOL) && !CudaKernels.has("Sqrt", DType.INT32));
        assertTrue(CudaKernels.ops().size() > 60, CudaKernels.ops().size() + " ops");
    }
}
