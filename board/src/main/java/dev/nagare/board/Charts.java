package dev.nagare.board;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Pictures of training as PNG files, drawn by JFreeChart (headless): training curves and confusion matrices. */
public final class Charts {
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0xff7f0e);
    private static final Shape DOT = new Ellipse2D.Double(-3.5, -3.5, 7, 7);

    private Charts() {}

    /**
     * One panel per figure (loss, accuracy, ...) over the epochs, numbered from 1: the training value and, where
     * {@code val_<figure>} is there, the validation value beside it.
     *
     * @param epochs the logs {@code fit} reports per epoch, in order
     */
    public static void trainingCurves(List<Map<String, Double>> epochs, Path png, int width, int height) throws IOException {
        if (epochs.isEmpty()) throw new IllegalArgumentException("no epochs to plot");
        Map<String, XYSeriesCollection> panels = new LinkedHashMap<>();
        for (int e = 0; e < epochs.size(); e++) {
            for (Map.Entry<String, Double> f : epochs.get(e).entrySet()) {
                boolean val = f.getKey().startsWith("val_");
                String figure = val ? f.getKey().substring(4) : f.getKey();
                XYSeriesCollection panel = panels.computeIfAbsent(figure, k -> {
                    XYSeriesCollection c = new XYSeriesCollection();
                    c.addSeries(new XYSeries("training"));
                    c.addSeries(new XYSeries("validation"));
                    return c;
                });
                if (f.getValue() != null && Double.isFinite(f.getValue())) panel.getSeries(val ? 1 : 0).add(e + 1, f.getValue());
            }
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochAxis.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.setGap(12);
        for (Map.Entry<String, XYSeriesCollection> p : panels.entrySet()) {
            XYSeriesCollection data = p.getValue();
            if (data.getSeries(1).getItemCount() == 0) data.removeSeries(1);
            if (data.getSeries(0).getItemCount() == 0) data.removeSeries(0);
            NumberAxis valueAxis = new NumberAxis(p.getKey());
            valueAxis.setAutoRangeIncludesZero(false);
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
            for (int s = 0; s < data.getSeriesCount(); s++) {
                r.setSeriesPaint(s, "validation".equals(data.getSeriesKey(s)) ? VALIDATION : TRAIN);
                r.setSeriesStroke(s, new BasicStroke(2f));
                r.setSeriesShape(s, DOT);
            }
            XYPlot sub = new XYPlot(data, null, valueAxis, r);
            style(sub);
            plot.add(sub, 1);
        }
        // One legend for all panels, rather than one entry per series per panel.
        LegendItemCollection legend = new LegendItemCollection();
        legend.add(new LegendItem("training", null, null, null, DOT, TRAIN));
        legend.add(new LegendItem("validation", null, null, null, DOT, VALIDATION));
        plot.setFixedLegendItems(legend);
        JFreeChart chart = new JFreeChart("Training", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        write(chart, png, width, height);
    }

    /**
     * The confusion matrix as a heat map: rows the true class (top to bottom), columns the predicted one, each
     * cell shaded by its count and labelled with it.
     *
     * @param counts {@code counts[true][predicted]}, square
     * @param labels the class names, one per row
     */
    public static void confusionMatrix(long[][] counts, List<String> labels, Path png, int size) throws IOException {
        int n = counts.length;
        if (n == 0 || labels.size() != n) throw new IllegalArgumentException("a confusion matrix of " + n + " rows needs " + n + " labels, not " + labels.size());
        double max = 1;
        double[][] xyz = new double[3][n * n];
        for (int t = 0; t < n; t++) {
            if (counts[t].length != n) throw new IllegalArgumentException("row " + t + " of the confusion matrix has " + counts[t].length + " cells, not " + n);
            for (int p = 0; p < n; p++) {
                int i = t * n + p;
                xyz[0][i] = p;
                xyz[1][i] = n - 1 - t;   // true class 0 at the top, as the matrix is printed
                xyz[2][i] = counts[t][p];
                max = Math.max(max, counts[t][p]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("counts", xyz);
        String[] names = labels.toArray(String[]::new);
        String[] reversed = new String[n];
        for (int i = 0; i < n; i++) reversed[i] = names[n - 1 - i];
        SymbolAxis x = new SymbolAxis("predicted", names);
        SymbolAxis y = new SymbolAxis("true", reversed);
        XYBlockRenderer r = new XYBlockRenderer();
        LookupPaintScale scale = blues(max);
        r.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        final double top = max;
        // Each cell's count in its middle, dark on light cells and light on dark ones.
        for (int i = 0; i < n * n; i++) {
            var a = new org.jfree.chart.annotations.XYTextAnnotation(Long.toString((long) xyz[2][i]), xyz[0][i], xyz[1][i]);
            a.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(14, size / (n * 4)))));
            a.setPaint(xyz[2][i] > top / 2 ? Color.WHITE : Color.BLACK);
            plot.addAnnotation(a);
        }
        JFreeChart chart = new JFreeChart("Confusion matrix", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        NumberAxis legendAxis = new NumberAxis("count");
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        write(chart, png, size + size / 6, size);
    }

    /** White to dark blue over [0, max]. */
    private static LookupPaintScale blues(double max) {
        LookupPaintScale s = new LookupPaintScale(0, max + 1e-9, Color.WHITE);
        int steps = 64;
        for (int i = 0; i < steps; i++) {
            double f = i / (double) (steps - 1);
            Color c = new Color((int) (247 - f * (247 - 8)), (int) (251 - f * (251 - 48)), (int) (255 - f * (255 - 107)));
            s.add(max * i / steps, c);
        }
        return s;
    }

    private static void style(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xdddddd));
        p.setRangeGridlinePaint(new Color(0xdddddd));
    }

    private static void write(JFreeChart chart, Path png, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, png.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer");
            Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
