package dev.lethe.bench.quality;

import dev.lethe.bench.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmark's plots, per split: forget quality against model utility for every model ({@code
 * quality-forgetNN.png}, the TOFU trade-off plot) and the training loss of every method ({@code
 * loss-forgetNN.png}).
 */
final class Plots {
  /** Forget quality is plotted as log10; a p-value of 0 (underflow) sits at this floor. */
  static final double LOG_FLOOR = -300;

  private Plots() {}

  /** Each model's mean over its runs, and the first run's losses. */
  static void write(List<Summary> rows, Path dir) throws IOException {
    for (Split split : Split.values()) {
      List<Summary> ofSplit = rows.stream().filter(r -> r.split() == split).toList();
      save(tradeOff(split, ofSplit), dir.resolve("quality-forget" + split.suffix()));
      save(losses(split, ofSplit), dir.resolve("loss-forget" + split.suffix()));
    }
  }

  private static XYChart tradeOff(Split split, List<Summary> rows) {
    XYChart chart =
        chart(
            "forget" + split.suffix() + ": forget quality against model utility",
            "log10 forget quality (KS p-value; 0 = retain model)",
            "model utility",
            XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    for (Summary row : rows) {
      Double fq = row.mean("forgetQuality");
      Double mu = row.mean("modelUtility");
      if (fq != null && mu != null) {
        double x = fq > 0 ? Math.max(LOG_FLOOR, Math.log10(fq)) : LOG_FLOOR;
        chart
            .addSeries(row.model(), new double[] {x}, new double[] {mu})
            .setMarker(SeriesMarkers.CIRCLE);
      }
    }
    return chart;
  }

  private static XYChart losses(Split split, List<Summary> rows) {
    XYChart chart =
        chart(
            "forget" + split.suffix() + ": training loss per optimiser step",
            "step",
            "loss",
            XYSeriesRenderStyle.Line);
    for (Summary row : rows) {
      if (row.losses().size() > 1) {
        double[] steps = new double[row.losses().size()];
        double[] loss = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
          steps[i] = i + 1;
          loss[i] = row.losses().get(i);
        }
        chart.addSeries(row.model(), steps, loss).setMarker(SeriesMarkers.NONE);
      }
    }
    return chart;
  }

  private static XYChart chart(String title, String x, String y, XYSeriesRenderStyle style) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(560)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(style);
    return chart;
  }

  private static void save(XYChart chart, Path file) throws IOException {
    if (!chart.getSeriesMap().isEmpty()) {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
    }
  }
}
