package dev.nagare.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The input table of {@code ./nagare spark train} and {@code predict}: Parquet as it is (features in one
 * {@code array<float>} column), or CSV, one number per column, whose feature columns are gathered into one
 * {@code array<float>} column named {@value #CSV_FEATURES}. CSV values are read as text and cast straight to
 * float32 (not through a double, which could round twice) and the label to int32; a value that is no number fails
 * the job naming it. Options: {@code --format csv|parquet} (default: csv for a {@code .csv} path, else parquet),
 * {@code --header true|false} (CSV; default true, else the columns are {@code _c0, _c1, ...}), {@code --features}
 * (Parquet: the array column; CSV: the columns, comma-separated, default all but the label).
 *
 * @param data     the rows, with the features as one array column
 * @param features that column's name
 * @param gathered the column this class made from CSV columns (to drop from outputs), or null
 */
record TableInput(Dataset<Row> data, String features, String gathered) {
    /** The features column made from a CSV file's columns. */
    static final String CSV_FEATURES = "features";

    /** Reads {@code --input}; {@code label} is the label column (train) or null (predict). */
    static TableInput read(SparkSession spark, Map<String, String> opts, String label) {
        String path = opts.get("input");
        String format = opts.getOrDefault("format", path.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "parquet");
        return switch (format) {
            case "parquet" -> {
                if (!opts.containsKey("features")) throw new IllegalArgumentException("missing --features (the array<float> column)\n" + SparkCommand.USAGE);
                yield new TableInput(spark.read().parquet(path), opts.get("features"), null);
            }
            case "csv" -> csv(spark.read().option("header", opts.getOrDefault("header", "true")).csv(path), opts.get("features"), label);
            default -> throw new IllegalArgumentException("--format must be csv or parquet, got '" + format + "'");
        };
    }

    /** {@code table}'s feature columns (comma-separated, or null for all but {@code label}) as one float array; the label as int32. */
    static TableInput csv(Dataset<Row> table, String featureList, String label) {
        List<String> columns = Arrays.asList(table.columns());
        if (label != null) Columns.index(table.schema(), label, "label");
        List<String> features = new ArrayList<>();
        if (featureList == null || featureList.equals("*")) {
            for (String c : columns) if (!c.equals(label)) features.add(c);
        } else {
            for (String c : featureList.split(",")) features.add(c.trim());
        }
        if (features.isEmpty()) throw new ColumnException(null, "the CSV file has no feature columns; its columns are " + columns);
        if (columns.contains(CSV_FEATURES) && !features.equals(List.of(CSV_FEATURES))) {
            throw new ColumnException(CSV_FEATURES, "the CSV file has a column '" + CSV_FEATURES + "', the name its gathered features take; rename it");
        }
        Column[] values = new Column[features.size()];
        for (int i = 0; i < values.length; i++) {
            Columns.index(table.schema(), features.get(i), "feature");
            values[i] = col(quoted(features.get(i))).cast("float");
        }
        Dataset<Row> out = table.withColumn(CSV_FEATURES, array(values));
        if (label != null) out = out.withColumn(label, col(quoted(label)).cast("int"));
        return new TableInput(out, CSV_FEATURES, CSV_FEATURES);
    }

    /** A column name as Spark's parser takes it, whatever characters it holds. */
    private static String quoted(String name) { return "`" + name.replace("`", "``") + "`"; }
}
