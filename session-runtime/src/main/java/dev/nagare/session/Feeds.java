package dev.nagare.session;

import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;

/** Checks fed values against what the graph declares, before anything runs. */
final class Feeds {
    private Feeds() {}

    static void check(Output[] feeds, Tensor[] values) {
        for (int i = 0; i < feeds.length; i++) {
            Output f = feeds[i];
            Tensor v = values[i];
            String what = f.node().opName().equals("Placeholder")
                    ? "placeholder '" + f.node().name() + "'" : "'" + f.name() + "' (" + f.node().opName() + ")";
            if (v == null) throw new FeedException("Feed for " + what + " is null");
            if (v.dtype() != f.dtype()) {
                throw new FeedException("Feed for " + what + " has dtype " + v.dtype() + ", but it is declared "
                        + f.dtype() + f.shape() + "; cast the value before feeding it");
            }
            if (!f.shape().isCompatibleWith(v.shape())) {
                throw new FeedException("Feed for " + what + " has shape " + v.shape() + ", which does not fit the declared shape " + f.shape());
            }
        }
    }
}
