package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.TensorFlow;

/** tf-output-args.txt against TensorFlow's op registry, and against the ops Nagare writes. */
class TfOutputArgsTest {
    @Test
    void everyLineMatchesTensorFlowsRegistry() {
        Map<String, List<TfOutputArgs.Arg>> tf = new HashMap<>();
        for (var op : TensorFlow.registeredOpList().getOpList()) {
            List<TfOutputArgs.Arg> args = new ArrayList<>();
            for (var a : op.getOutputArgList()) args.add(new TfOutputArgs.Arg(a.getName(), !a.getNumberAttr().isEmpty() || !a.getTypeListAttr().isEmpty()));
            tf.put(op.getName(), args);
        }
        TfOutputArgs.all().forEach((op, args) -> assertEquals(tf.get(op), args, op + ": output arguments differ from TensorFlow's"));
    }

    @Test
    void everyOpNagareWritesHasALine() {
        TreeSet<String> missing = new TreeSet<>();
        for (TfOpMapping.Entry e : TfOpMapping.entries()) {
            if (e.exporter() == null) continue;
            for (String op : e.tfOp().split("/")) if (TfOutputArgs.of(op).isEmpty()) missing.add(op);
        }
        assertTrue(missing.isEmpty(), "ops written without their output argument names: " + missing);
    }
}
