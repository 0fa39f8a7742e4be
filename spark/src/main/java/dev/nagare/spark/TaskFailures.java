package dev.nagare.spark;

import org.apache.spark.SparkException;

/** Turns a failed Spark job back into the typed error one of its tasks threw, where there was one. */
final class TaskFailures {
    private TaskFailures() {}

    /**
     * What to throw for a failed job: the {@link IllegalArgumentException} (such as a {@link ColumnException})
     * a task threw, which reaches the driver wrapped in a {@link SparkException}; {@code e} itself when it is
     * unchecked; otherwise an unchecked exception carrying it (Spark throws its checked SparkException from
     * methods that do not declare it).
     */
    static RuntimeException unwrap(Exception e) {
        boolean fromSpark = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkException) fromSpark = true;
            else if (fromSpark && t instanceof IllegalArgumentException typed) return typed;
        }
        if (e instanceof RuntimeException r) return r;
        return new IllegalStateException("the Spark job failed: " + e.getMessage(), e);
    }
}
