package io.github.samegan.examples.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts of run logs drawn with XChart into PNG bytes (headless: no window is opened). Noisy
 * per-step series are drawn faintly with an exponential moving average on top; long series are
 * thinned to at most {@value #MAX_POINTS} points.
 */
final class Charts {
  static final int WIDTH = 960;
  static final int HEIGHT = 360;
  static final int MAX_POINTS = 2000;

  /** Colour-blind-safe palette (Okabe–Ito). */
  static final Color[] PALETTE = {
    new Color(0x0072B2),
    new Color(0xD55E00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xE69F00),
    new Color(0x56B4E9),
    new Color(0x000000)
  };

  /**
   * One series to draw.
   *
   * @param name legend name
   * @param x steps
   * @param y values (non-finite values are left out)
   * @param error error bar half-widths, or null
   * @param smooth whether to draw the raw values faintly under a moving average
   * @param dashed whether to dash the line
   */
  record Series(
      String name, double[] x, double[] y, double[] error, boolean smooth, boolean dashed) {
    static Series line(String name, double[] x, double[] y) {
      return new Series(name, x, y, null, false, false);
    }

    static Series smoothed(String name, double[] x, double[] y) {
      return new Series(name, x, y, null, true, false);
    }
  }

  /** A horizontal reference line. */
  record Reference(String name, double y) {}

  private Charts() {}

  /**
   * Optional y-axis settings.
   *
   * @param min lower end (null: automatic)
   * @param max upper end (null: automatic)
   * @param pattern decimal pattern of the tick labels (null: automatic)
   */
  record YAxis(Double min, Double max, String pattern) {
    static final YAxis AUTO = new YAxis(null, null, null);
  }

  /** Draws a chart with an automatic y axis; returns PNG bytes. */
  static byte[] draw(
      String title, String yTitle, List<Series> series, List<Reference> refs, boolean logY) {
    return draw(title, yTitle, series, refs, logY, YAxis.AUTO);
  }

  /** Draws a chart; returns PNG bytes. Series without any finite point are left out. */
  static byte[] draw(
      String title,
      String yTitle,
      List<Series> series,
      List<Reference> refs,
      boolean logY,
      YAxis y) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("training step")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBorderVisible(false);
    chart.getStyler().setPlotGridLinesColor(new Color(0xE3E3E3));
    // Legend under the plot, so every chart's plot area has the same width and steps line up.
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisMaxLabelCount(12);
    chart.getStyler().setLegendBorderColor(Color.WHITE);
    chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    chart.getStyler().setChartTitleBoxVisible(false);
    chart.getStyler().setAntiAlias(true);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    if (y.min() != null) {
      chart.getStyler().setYAxisMin(y.min());
    }
    if (y.max() != null) {
      chart.getStyler().setYAxisMax(y.max());
    }
    if (y.pattern() != null) {
      chart.getStyler().setYAxisDecimalPattern(y.pattern());
    }
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    int colour = 0;
    for (Series s : series) {
      Points p = finite(s.x(), s.y(), s.error(), logY);
      if (p.x.length == 0) {
        continue;
      }
      minX = Math.min(minX, p.x[0]);
      maxX = Math.max(maxX, p.x[p.x.length - 1]);
      Color c = PALETTE[colour++ % PALETTE.length];
      boolean smooth = s.smooth() && p.x.length > 30;
      if (smooth) {
        Points raw = thin(p);
        XYSeries r = chart.addSeries(s.name() + " (each step)", raw.x, raw.y);
        r.setMarker(SeriesMarkers.NONE);
        r.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
        r.setLineWidth(1f);
        r.setShowInLegend(false);
        Points ema = thin(new Points(p.x, ema(p.y, Math.max(2, p.x.length / 40)), null));
        XYSeries m = chart.addSeries(s.name(), ema.x, ema.y);
        m.setMarker(SeriesMarkers.NONE);
        m.setLineColor(c);
        m.setLineWidth(2.2f);
      } else {
        Points t = thin(p);
        XYSeries m =
            t.err == null
                ? chart.addSeries(s.name(), t.x, t.y)
                : chart.addSeries(s.name(), t.x, t.y, t.err);
        m.setLineColor(c);
        m.setLineWidth(2f);
        if (t.x.length <= 60) {
          m.setMarker(SeriesMarkers.CIRCLE);
          m.setMarkerColor(c);
        } else {
          m.setMarker(SeriesMarkers.NONE);
        }
        if (s.dashed()) {
          m.setLineStyle(SeriesLines.DASH_DASH);
        }
      }
    }
    if (minX == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("nothing to draw in chart '" + title + "'");
    }
    for (Reference ref : refs) {
      double hi = maxX > minX ? maxX : minX + 1;
      XYSeries r =
          chart.addSeries(ref.name(), new double[] {minX, hi}, new double[] {ref.y(), ref.y()});
      r.setMarker(SeriesMarkers.NONE);
      r.setLineColor(new Color(0x888888));
      r.setLineWidth(1f);
      r.setLineStyle(SeriesLines.DOT_DOT);
    }
    if (minX >= 0 && minX <= 1 && maxX > 10) {
      chart.getStyler().setXAxisMin(0.0); // ticks at round step numbers
    }
    if (maxX <= minX) {
      chart.getStyler().setXAxisMin(minX - 1);
      chart.getStyler().setXAxisMax(minX + 1);
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot draw chart '" + title + "'", e);
    }
  }

  /** Exponential moving average with the given span (α = 2 / (span + 1)). */
  static double[] ema(double[] y, int span) {
    double a = 2.0 / (span + 1);
    double[] out = new double[y.length];
    double m = y.length > 0 ? y[0] : 0;
    for (int i = 0; i < y.length; i++) {
      m = i == 0 ? y[0] : a * y[i] + (1 - a) * m;
      out[i] = m;
    }
    return out;
  }

  private record Points(double[] x, double[] y, double[] err) {}

  private static Points finite(double[] x, double[] y, double[] err, boolean positive) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (Double.isFinite(x[i])
          && Double.isFinite(y[i])
          && (!positive || y[i] > 0)
          && (err == null || Double.isFinite(err[i]))) {
        keep.add(i);
      }
    }
    double[] kx = new double[keep.size()];
    double[] ky = new double[keep.size()];
    double[] ke = err == null ? null : new double[keep.size()];
    for (int j = 0; j < kx.length; j++) {
      kx[j] = x[keep.get(j)];
      ky[j] = y[keep.get(j)];
      if (ke != null) {
        ke[j] = err[keep.get(j)];
      }
    }
    return new Points(kx, ky, ke);
  }

  private static Points thin(Points p) {
    int n = p.x.length;
    if (n <= MAX_POINTS) {
      return p;
    }
    int stride = (n + MAX_POINTS - 1) / MAX_POINTS;
    int m = (n - 1) / stride + 1 + ((n - 1) % stride == 0 ? 0 : 1);
    double[] x = new double[m];
    double[] y = new double[m];
    double[] e = p.err == null ? null : new double[m];
    int j = 0;
    for (int i = 0; i < n; i += stride) {
      x[j] = p.x[i];
      y[j] = p.y[i];
      if (e != null) {
        e[j] = p.err[i];
      }
      j++;
    }
    if (j < m) { // always keep the last point
      x[j] = p.x[n - 1];
      y[j] = p.y[n - 1];
      if (e != null) {
        e[j] = p.err[n - 1];
      }
    }
    return new Points(x, y, e);
  }
}
