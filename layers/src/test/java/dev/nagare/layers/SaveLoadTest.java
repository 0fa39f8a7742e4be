package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Tensor;
import dev.nagare.interop.Checkpoints;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveLoadTest {
    @TempDir Path tmp;

    @Test
    void aLoadedModelPredictsAlikeAndTrainsOn() throws Exception {
        Tensor[] d = DnnClassifierTest.flowers(90, 5);
        Path dir = tmp.resolve("saved");
        float[] before;
        try (Sequential model = Sequential.of(3, Layers.input(4), Layers.dense(12, Activation.RELU), Layers.dropout(0.25),
                Layers.dense(3, Activation.SOFTMAX))) {
            model.compile(Optimizers.adam(0.02), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            model.fit(d[0], d[1], Fit.epochs(3).quiet());
            model.save(dir);
            before = model.predict(d[0]).floatData();
        }
        assertTrue(Files.exists(dir.resolve("saved_model.pb")) && Files.exists(dir.resolve("assets.extra/nagare_sequential.txt")));
        try (Sequential loaded = Sequential.load(dir)) {
            assertArrayEquals(before, loaded.predict(d[0]).floatData(), 0f);
            loaded.compile(Optimizers.adam(0.02), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            History h = loaded.fit(d[0], d[1], Fit.epochs(20).quiet());
            assertTrue(h.last("accuracy") > 0.9, "accuracy after training on: " + h.last("accuracy"));
        }
    }

    @Test
    void loadingSomethingElseSaysWhat() throws Exception {
        NoSuchFileException none = assertThrows(NoSuchFileException.class, () -> Sequential.load(tmp));
        assertTrue(none.getMessage().contains("nagare_sequential.txt"), none.getMessage());
        Path dir = tmp.resolve("bad");
        Files.createDirectories(dir.resolve("assets.extra"));
        Files.writeString(dir.resolve("assets.extra/nagare_sequential.txt"), "nagare-sequential 1\nseed 0\ninput 4\nConv3D 7\n");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Sequential.load(dir));
        assertTrue(bad.getMessage().contains("line 4") && bad.getMessage().contains("Conv3D"), bad.getMessage());
    }

    @Test
    void checkpointAndCsvCallbacksWriteEachEpoch() throws Exception {
        Tensor[] d = DnnClassifierTest.flowers(60, 6);
        Path csv = tmp.resolve("log.csv"), prefix = tmp.resolve("ckpt/model");
        Files.createDirectories(prefix.getParent());
        float[] trained;
        try (Sequential model = Sequential.of(Layers.input(4), Layers.dense(3, Activation.SOFTMAX))) {
            model.compile(Optimizers.adam(0.05), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            History h = model.fit(d[0], d[1], Fit.epochs(4).validationSplit(0.25).quiet()
                    .callbacks(Callbacks.csvLogger(csv), Callbacks.modelCheckpoint(model, prefix, null)));
            trained = model.predict(d[0]).floatData();
            List<String> lines = Files.readAllLines(csv);
            assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", lines.get(0));
            assertEquals(5, lines.size());
            assertEquals(h.get("val_loss")[3], Double.parseDouble(lines.get(4).split(",")[3]), 1e-5);
        }
        try (Sequential fresh = Sequential.of(Layers.input(4), Layers.dense(3, Activation.SOFTMAX))) {
            fresh.compile(Optimizers.adam(0.05), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            assertFalse(java.util.Arrays.equals(trained, fresh.predict(d[0]).floatData()));
            Checkpoints.restore(fresh.session(), prefix);
            assertArrayEquals(trained, fresh.predict(d[0]).floatData(), 0f);
        }
    }
}
