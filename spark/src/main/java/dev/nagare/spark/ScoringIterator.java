package dev.nagare.spark;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.LoadedModel;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A partition's scored rows, computed a batch at a time as Spark pulls them: reads up to a batch of input
 * rows, runs the model once on them, and hands out each input row with its outputs appended.
 */
final class ScoringIterator implements Iterator<Row> {
    private final LoadedModel model;
    private final ScoringPlan plan;
    private final int partition;
    private final Iterator<Row> rows;
    private final List<Row> ready = new ArrayList<>();
    private int next;
    private long rowNumber;

    ScoringIterator(LoadedModel model, ScoringPlan plan, int partition, Iterator<Row> rows) {
        this.model = model;
        this.plan = plan;
        this.partition = partition;
        this.rows = rows;
    }

    @Override
    public boolean hasNext() {
        if (next < ready.size()) return true;
        if (!rows.hasNext()) return false;
        scoreNextBatch();
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.get(next++);
    }

    private void scoreNextBatch() {
        List<Row> batch = new ArrayList<>(plan.batchSize());
        while (batch.size() < plan.batchSize() && rows.hasNext()) batch.add(rows.next());
        int m = batch.size(), w = plan.width();
        float[] x = new float[m * w];
        for (int r = 0; r < m; r++) {
            Columns.readVector(batch.get(r), plan.inputField(), plan.inputColumn(), "row " + (rowNumber + r) + " of partition " + partition, w, x, r * w);
        }
        rowNumber += m;
        Map<String, Tensor> out = model.call(plan.signature(), Map.of(plan.input(), Tensor.of(Shape.of(m, w), x)));
        Tensor[] values = new Tensor[plan.outputs().length];
        for (int o = 0; o < values.length; o++) values[o] = out.get(plan.outputs()[o]);
        ready.clear();
        next = 0;
        for (int r = 0; r < m; r++) {
            Row in = batch.get(r);
            Object[] fields = new Object[in.length() + values.length];
            for (int f = 0; f < in.length(); f++) fields[f] = in.get(f);
            for (int o = 0; o < values.length; o++) fields[in.length() + o] = rowShare(values[o], r);
            ready.add(RowFactory.create(fields));
        }
    }

    /** Row r's part of a [batch] or [batch, k] output: a boxed number or a primitive array. */
    private static Object rowShare(Tensor t, int r) {
        if (t.rank() == 1) return Array.get(t.data(), r);
        int k = t.shape().dim(1);
        Object share = Array.newInstance(t.data().getClass().getComponentType(), k);
        System.arraycopy(t.data(), r * k, share, 0, k);
        return share;
    }
}
