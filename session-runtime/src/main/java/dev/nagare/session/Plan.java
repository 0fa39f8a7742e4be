package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.device.Kernel;
import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelException;
import dev.nagare.device.VariableState;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.ArrayList;
import java.util.List;

/**
 * What one (feeds, fetches, targets) signature runs: the needed nodes in dependency order with their
 * kernels and devices, and where each value lives in a run's slot array. Built once by {@link Planner},
 * then executed by any number of runs at once; it holds no per-run state.
 */
final class Plan {
    /** One node to compute: its kernel, device, where its inputs come from and where its outputs go. */
    record Step(Node node, Kernel kernel, Device device, int[] inputSlots, Device[] inputDevices,
                Node[] variableInputs, int firstOutputSlot) {}

    private final Step[] steps;
    private final int slotCount;
    private final Output[] feeds;
    private final int[] feedSlots;
    private final int[] fetchSlots;
    private final Device[] fetchDevices;
    final boolean writesVariables;

    Plan(List<Step> steps, int slotCount, Output[] feeds, int[] feedSlots, int[] fetchSlots, Device[] fetchDevices,
         boolean writesVariables) {
        this.steps = steps.toArray(Step[]::new);
        this.slotCount = slotCount;
        this.feeds = feeds;
        this.feedSlots = feedSlots;
        this.fetchSlots = fetchSlots;
        this.fetchDevices = fetchDevices;
        this.writesVariables = writesVariables;
    }

    /** Runs the steps; feed values are host tensors already checked against {@link #feeds}. */
    List<Tensor> execute(Tensor[] feedValues, VariableState variables) {
        TensorValue[] slots = new TensorValue[slotCount];
        for (int i = 0; i < feedSlots.length; i++) slots[feedSlots[i]] = feedValues[i];
        RunContext ctx = new RunContext(variables);
        for (Step step : steps) {
            ctx.node = step.node;
            int[] in = step.inputSlots;
            TensorValue[] inputs = new TensorValue[in.length];
            for (int i = 0; i < in.length; i++) {
                if (in[i] < 0) {
                    // A variable read now, at its use; or a reference input the kernel reaches itself.
                    if (step.variableInputs[i] != null) inputs[i] = variables.read(step.variableInputs[i]);
                    continue;
                }
                TensorValue v = slots[in[i]];
                Device from = step.inputDevices[i];
                inputs[i] = from == step.device ? v : step.device.fromHost(from.toHost(v));
            }
            TensorValue[] outputs;
            try {
                outputs = step.kernel.compute(ctx, inputs);
            } catch (KernelException | SessionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new KernelException(step.node, "kernel failed: " + e, e);
            }
            System.arraycopy(outputs, 0, slots, step.firstOutputSlot, outputs.length);
        }
        List<Tensor> results = new ArrayList<>(fetchSlots.length);
        for (int i = 0; i < fetchSlots.length; i++) results.add(fetchDevices[i].toHost(slots[fetchSlots[i]]));
        return results;
    }

    Output[] feeds() { return feeds; }

    /** The context kernels see; one per run, pointed at each step's node in turn. */
    private static final class RunContext implements KernelContext {
        private final VariableState variables;
        private Node node;

        RunContext(VariableState variables) { this.variables = variables; }

        @Override public Node node() { return node; }

        @Override public VariableState variables() { return variables; }
    }
}
