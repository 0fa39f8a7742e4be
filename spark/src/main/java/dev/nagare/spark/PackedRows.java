package dev.nagare.spark;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * One partition's training rows, read once and packed into flat arrays (features row after row, labels as
 * class ids or floats) so that a step gathers its slice of a batch without touching Spark rows again.
 * Rows keep their global numbers: the partition holds rows {@code first .. first + count - 1}.
 */
final class PackedRows implements Serializable {
    private static final long serialVersionUID = 1L;

    final long first;
    final int count;
    private final RowLayout layout;
    private final float[] features;
    private final int[] classIds;
    private final float[] targets;

    private PackedRows(long first, int count, RowLayout layout, float[] features, int[] classIds, float[] targets) {
        this.first = first;
        this.count = count;
        this.layout = layout;
        this.features = features;
        this.classIds = classIds;
        this.targets = targets;
    }

    /** Packs rows numbered by {@code zipWithIndex}; their numbers run on without gaps within a partition. */
    static PackedRows pack(Iterator<Tuple2<Row, Long>> rows, RowLayout layout) {
        List<Row> list = new ArrayList<>();
        long first = -1;
        while (rows.hasNext()) {
            Tuple2<Row, Long> t = rows.next();
            if (first < 0) first = t._2();
            list.add(t._1());
        }
        int n = list.size();
        float[] f = new float[Math.multiplyExact(n, layout.width())];
        int[] ids = layout.classIds() ? new int[n] : null;
        float[] targets = layout.classIds() ? null : new float[Math.multiplyExact(n, layout.labelWidth())];
        for (int r = 0; r < n; r++) {
            String rowName = "row " + (first + r);
            layout.readFeatures(list.get(r), rowName, f, r * layout.width());
            layout.readLabel(list.get(r), rowName, ids, targets, r);
        }
        return new PackedRows(Math.max(first, 0), n, layout, f, ids, targets);
    }

    /** A batch's rows of this partition, in ascending global order: features and labels as fed to the model. */
    record Slice(int rows, Tensor features, Tensor labels) {}

    /** The rows of batch {@code step} in {@code epoch}, or null when this partition has none in it. */
    Slice slice(BatchPlan plan, int epoch, int step) {
        int[] picked = new int[count];
        int m = 0;
        for (int r = 0; r < count; r++) if (plan.batchOf(first + r, epoch) == step) picked[m++] = r;
        if (m == 0) return null;
        int w = layout.width(), k = layout.labelWidth();
        float[] f = new float[m * w];
        for (int i = 0; i < m; i++) System.arraycopy(features, picked[i] * w, f, i * w, w);
        Tensor labels;
        if (classIds != null) {
            int[] ids = new int[m];
            for (int i = 0; i < m; i++) ids[i] = classIds[picked[i]];
            labels = Tensor.of(Shape.of(m), ids);
        } else {
            float[] t = new float[m * k];
            for (int i = 0; i < m; i++) System.arraycopy(targets, picked[i] * k, t, i * k, k);
            labels = Tensor.of(layout.labelVector() ? Shape.of(m, k) : Shape.of(m), t);
        }
        return new Slice(m, Tensor.of(Shape.of(m, w), f), labels);
    }
}
