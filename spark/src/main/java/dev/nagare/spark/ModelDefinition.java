package dev.nagare.spark;

import dev.nagare.ops.Tf;
import java.io.Serializable;

/**
 * Builds a model's graph. Spark ships it to the executors, so it is serializable (a lambda assigned to this
 * type is); it runs once on the driver and once per executor JVM, and must build the same graph every time
 * (variables in the same order, shapes fixed). Initial values come from the driver alone: executors never
 * run the initializers, so seeds matter only there.
 */
@FunctionalInterface
public interface ModelDefinition extends Serializable {
    TrainingGraph build(Tf tf);
}
