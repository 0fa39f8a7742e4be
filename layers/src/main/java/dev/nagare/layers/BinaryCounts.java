package dev.nagare.layers;

import java.util.Arrays;

/** Scores and 0/1 labels of a pass over the data, for precision, recall and the ROC AUC. */
final class BinaryCounts {
    private float[] scores = new float[256];
    private boolean[] positive = new boolean[256];
    private int n;

    void add(float[] p, float[] labels) {
        if (n + p.length > scores.length) {
            int size = Math.max(scores.length * 2, n + p.length);
            scores = Arrays.copyOf(scores, size);
            positive = Arrays.copyOf(positive, size);
        }
        for (int i = 0; i < p.length; i++) {
            scores[n] = p[i];
            positive[n++] = labels[i] > 0.5f;
        }
    }

    double value(Metric m) {
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < n; i++) {
            boolean predicted = scores[i] > 0.5f;
            if (predicted && positive[i]) tp++;
            else if (predicted) fp++;
            else if (positive[i]) fn++;
        }
        return switch (m) {
            case PRECISION -> tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            case RECALL -> tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            case AUC -> auc();
            default -> throw new IllegalArgumentException(m + " is not counted");
        };
    }

    /**
     * The probability that a random positive scores above a random negative (ties count half): the
     * Mann-Whitney statistic, which equals the area under the ROC curve. 0.5 when one class is absent.
     */
    private double auc() {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && scores[order[j]] == scores[order[i]]) j++;
            double meanRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (int k = i; k < j; k++) if (positive[order[k]]) { rankSumPositive += meanRank; positives++; }
            i = j;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return 0.5;
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
