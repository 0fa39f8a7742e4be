package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Tensor;
import dev.nagare.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TensorFlow may leave attributes at their defaults out of a graph (SavedModels exported with
 * {@code strip_default_attrs}, graphs written by other tools): such a node imports and runs with the op's
 * defaults. (A node built in the DSL without them used to fail at run time, where kernels read attributes by
 * name: see HostileInputsTest's random draws.)
 */
class StrippedDefaultAttrsTest {
    @Test
    void aRandomDrawWithoutItsSeedAttrsRunsWithTheDefaults() throws Exception {
        TensorProto dims = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
                .addIntVal(2).addIntVal(3).build();
        NodeDef shape = NodeDef.newBuilder().setName("shape").setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(dims).build()).build();
        NodeDef draw = NodeDef.newBuilder().setName("draw").setOp("RandomUniform").addInput("shape")
                .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_INT32).build()).build();
        ImportedGraph g = GraphDefImporter.importGraphDef(GraphDef.newBuilder().addNode(shape).addNode(draw).build(),
                java.nio.file.Path.of("stripped.pb"), List.of("draw"));
        try (Session s = new Session(g.graph())) {
            Tensor t = s.run(g.output("draw:0"));
            assertArrayEquals(new int[] {2, 3}, t.shape().dims());
            for (float v : t.floatData()) assertTrue(v >= 0 && v < 1, "uniform draw " + v);
        }
    }
}
