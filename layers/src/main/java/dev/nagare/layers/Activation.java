package dev.nagare.layers;

import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;

/** The activations a layer can end with, as Keras names them ({@code "relu"}, {@code "softmax"}, ...). */
public enum Activation {
    LINEAR, RELU, SIGMOID, TANH, SOFTMAX;

    Output apply(Tf tf, Output x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> tf.nn.relu(x);
            case SIGMOID -> tf.nn.sigmoid(x);
            case TANH -> tf.nn.tanh(x);
            case SOFTMAX -> tf.nn.softmax(x);
        };
    }

    /** An activation by its Keras name: {@code "relu"}, {@code "softmax"}, {@code "linear"}, ... */
    public static Activation named(String name) {
        for (Activation a : values()) if (a.name().equalsIgnoreCase(name)) return a;
        throw new IllegalArgumentException("no activation named '" + name + "'; there are linear, relu, sigmoid, tanh, softmax");
    }
}
