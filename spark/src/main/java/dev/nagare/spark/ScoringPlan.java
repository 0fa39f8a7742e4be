package dev.nagare.spark;

import java.io.Serializable;

/** What each partition needs to score its rows: the signature, where its input is, which outputs to append. */
record ScoringPlan(String signature, String input, int inputField, String inputColumn, int width, String[] outputs, int batchSize)
        implements Serializable {}
