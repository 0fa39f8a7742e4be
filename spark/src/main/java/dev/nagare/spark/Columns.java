package dev.nagare.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads model inputs out of Spark rows: a fixed-width vector of floats per row from an {@code array<float>}
 * or {@code array<double>} column, or one number from a numeric column. Columns are checked against the
 * schema on the driver before any job starts; widths and nulls are checked per row, naming the row.
 */
final class Columns {
    private Columns() {}

    /** The column's position; fails naming the columns there are. */
    static int index(StructType schema, String column, String role) {
        if (column == null) throw new ColumnException(null, "no " + role + " column given");
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new ColumnException(column, "the " + role + " column '" + column + "' is not in the data; its columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.fieldIndex(column);
    }

    /** Checks that the column holds arrays of floats or doubles. */
    static void requireVector(StructType schema, String column, String role) {
        DataType t = schema.fields()[index(schema, column, role)].dataType();
        if (!(t instanceof ArrayType a) || !isReal(a.elementType())) {
            throw new ColumnException(column, "the " + role + " column '" + column + "' must be array<float> or array<double>, but it is " + t.simpleString());
        }
    }

    /** Checks that the column holds single numbers: integers when {@code integral}, otherwise floats or doubles. */
    static void requireNumber(StructType schema, String column, String role, boolean integral) {
        DataType t = schema.fields()[index(schema, column, role)].dataType();
        boolean ok = integral
                ? t == DataTypes.IntegerType || t == DataTypes.LongType || t == DataTypes.ShortType || t == DataTypes.ByteType
                : isReal(t);
        if (!ok) {
            throw new ColumnException(column, "the " + role + " column '" + column + "' must hold " + (integral ? "integers (class ids)" : "float or double numbers")
                    + ", but it is " + t.simpleString());
        }
    }

    private static boolean isReal(DataType t) { return t == DataTypes.FloatType || t == DataTypes.DoubleType; }

    /** Copies the row's vector of exactly {@code width} numbers into {@code dst} at {@code offset}. */
    static void readVector(Row row, int field, String column, String rowName, int width, float[] dst, int offset) {
        if (row.isNullAt(field)) throw new ColumnException(column, "column '" + column + "' is null in " + rowName);
        List<Object> values = row.getList(field);
        if (values.size() != width) {
            throw new ColumnException(column, "column '" + column + "' has " + values.size() + " values in " + rowName + "; the model takes " + width);
        }
        for (int j = 0; j < width; j++) {
            Object v = values.get(j);
            if (v == null) throw new ColumnException(column, "column '" + column + "' holds a null at position " + j + " in " + rowName);
            dst[offset + j] = ((Number) v).floatValue();
        }
    }

    /** The row's number, as a class id that must fit an int. */
    static int readClassId(Row row, int field, String column, String rowName) {
        if (row.isNullAt(field)) throw new ColumnException(column, "column '" + column + "' is null in " + rowName);
        long v = ((Number) row.get(field)).longValue();
        if (v != (int) v) throw new ColumnException(column, "column '" + column + "' holds " + v + " in " + rowName + ", which is no int32 class id");
        return (int) v;
    }

    static float readFloat(Row row, int field, String column, String rowName) {
        if (row.isNullAt(field)) throw new ColumnException(column, "column '" + column + "' is null in " + rowName);
        return ((Number) row.get(field)).floatValue();
    }
}
