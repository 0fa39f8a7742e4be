package dev.nagare.spark;

import dev.nagare.graph.DType;
import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructType;

/**
 * Where a model's features and labels are in a Dataset's rows, checked against the schema and the model
 * on the driver: the features column holds {@code width} numbers per row, the labels column class ids,
 * single targets, or {@code labelWidth} targets per row. A model of one target per example (labels
 * {@code [-1]} or {@code [-1, 1]}, as a one-unit sigmoid or tanh output takes) reads it from a number column
 * or from an array column of one number.
 *
 * @param labelVector      whether the model's labels are {@code [-1, k]} (else {@code [-1]})
 * @param labelArrayColumn whether the labels column holds arrays (else one number per row)
 */
record RowLayout(String featureColumn, int featureField, int width, String labelColumn, int labelField, boolean classIds, boolean labelVector,
                 boolean labelArrayColumn, int labelWidth) implements Serializable {

    static RowLayout of(StructType schema, String featureColumn, String labelColumn, TrainingGraph model) {
        Columns.requireVector(schema, featureColumn, "features");
        boolean classIds = model.labels().dtype() == DType.INT32;
        boolean labelVector = model.labels().shape().rank() == 2;
        int labelWidth = model.labelWidth();
        boolean arrayColumn = labelVector;
        if (!classIds && labelWidth == 1) arrayColumn = schema.fields()[Columns.index(schema, labelColumn, "labels")].dataType() instanceof ArrayType;
        if (arrayColumn) Columns.requireVector(schema, labelColumn, "labels");
        else Columns.requireNumber(schema, labelColumn, "labels", classIds);
        return new RowLayout(featureColumn, schema.fieldIndex(featureColumn), model.featureWidth(),
                labelColumn, schema.fieldIndex(labelColumn), classIds, labelVector, arrayColumn, labelWidth);
    }

    void readFeatures(Row row, String rowName, float[] dst, int offset) {
        Columns.readVector(row, featureField, featureColumn, rowName, width, dst, offset);
    }

    void readLabel(Row row, String rowName, int[] classDst, float[] targetDst, int r) {
        if (classIds) classDst[r] = Columns.readClassId(row, labelField, labelColumn, rowName);
        else if (labelArrayColumn) Columns.readVector(row, labelField, labelColumn, rowName, labelWidth, targetDst, r * labelWidth);
        else targetDst[r] = Columns.readFloat(row, labelField, labelColumn, rowName);
    }
}
