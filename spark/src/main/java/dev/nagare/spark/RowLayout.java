package dev.nagare.spark;

import dev.nagare.graph.DType;
import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Where a model's features and labels are in a Dataset's rows, checked against the schema and the model
 * on the driver: the features column holds {@code width} numbers per row, the labels column class ids,
 * single targets, or {@code labelWidth} targets per row.
 */
record RowLayout(String featureColumn, int featureField, int width, String labelColumn, int labelField, boolean classIds, boolean labelVector, int labelWidth)
        implements Serializable {

    static RowLayout of(StructType schema, String featureColumn, String labelColumn, TrainingGraph model) {
        Columns.requireVector(schema, featureColumn, "features");
        boolean classIds = model.labels().dtype() == DType.INT32;
        boolean labelVector = model.labels().shape().rank() == 2;
        if (labelVector) Columns.requireVector(schema, labelColumn, "labels");
        else Columns.requireNumber(schema, labelColumn, "labels", classIds);
        return new RowLayout(featureColumn, schema.fieldIndex(featureColumn), model.featureWidth(),
                labelColumn, schema.fieldIndex(labelColumn), classIds, labelVector, model.labelWidth());
    }

    void readFeatures(Row row, String rowName, float[] dst, int offset) {
        Columns.readVector(row, featureField, featureColumn, rowName, width, dst, offset);
    }

    void readLabel(Row row, String rowName, int[] classDst, float[] targetDst, int r) {
        if (classIds) classDst[r] = Columns.readClassId(row, labelField, labelColumn, rowName);
        else if (labelVector) Columns.readVector(row, labelField, labelColumn, rowName, labelWidth, targetDst, r * labelWidth);
        else targetDst[r] = Columns.readFloat(row, labelField, labelColumn, rowName);
    }
}
