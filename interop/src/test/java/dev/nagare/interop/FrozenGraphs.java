package dev.nagare.interop;

import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/** Frozen graphs for the GraphDef import tests, made from exported SavedModels. */
final class FrozenGraphs {
    private FrozenGraphs() {}

    /** The exported graph frozen: each variable replaced by a Const of its saved value, the saver dropped. */
    static GraphDef freeze(Path savedModelDir) throws IOException {
        GraphDef g = SavedModel.parseFrom(Files.readAllBytes(savedModelDir.resolve("saved_model.pb"))).getMetaGraphs(0).getGraphDef();
        Map<String, Tensor> values = TensorBundle.read(savedModelDir.resolve("variables/variables"));
        GraphDef.Builder frozen = g.toBuilder().clearNode();
        for (NodeDef n : g.getNodeList()) {
            if (n.getName().startsWith("save/")) continue;
            if (n.getOp().equals("VariableV2")) {
                Tensor v = values.get(n.getName());
                n = NodeDef.newBuilder().setName(n.getName()).setOp("Const")
                        .putAttr("value", AttrValue.newBuilder().setTensor(TensorProtos.tensor(v)).build())
                        .putAttr("dtype", AttrValue.newBuilder().setTypeValue(v.dtype().tfNumber()).build()).build();
            }
            frozen.addNode(n);
        }
        return frozen.build();
    }
}
