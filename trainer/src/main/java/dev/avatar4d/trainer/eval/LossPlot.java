package dev.avatar4d.trainer.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A line chart of loss curves, drawn with Java2D: one series per loss term against the training
 * step, on a logarithmic y axis. Each series shows its raw values as faint dots under a moving
 * average (a centred window of 1/50 of its points, at least 1) in the series' own colour. Values
 * that a log axis cannot show (zero, negative, NaN, infinite) are skipped.
 */
public final class LossPlot {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
        new Color(0x17becf)
  };
  private static final int LEFT = 72;
  private static final int RIGHT = 20;
  private static final int TOP = 32;
  private static final int BOTTOM = 46;
  private static final Color GRID = new Color(0xE6E6E6);
  private static final Color AXIS = new Color(0x404040);

  private final String title;
  private final String yLabel;
  private final Map<String, List<Point>> series = new LinkedHashMap<>();

  private record Point(long step, double value) {}

  /**
   * @param title drawn above the chart
   * @param yLabel drawn along the y axis (the x axis is the step)
   */
  public LossPlot(String title, String yLabel) {
    this.title = title;
    this.yLabel = yLabel;
  }

  /**
   * Adds one value of {@code series} at {@code step}; values that are not finite and positive are
   * skipped.
   */
  public LossPlot add(String series, long step, double value) {
    List<Point> points = this.series.computeIfAbsent(series, s -> new ArrayList<>());
    if (value > 0 && Double.isFinite(value)) {
      points.add(new Point(step, value));
    }
    return this;
  }

  /** The colour of a series, by the order in which series were first added. */
  public Color colour(String name) {
    int index = new ArrayList<>(series.keySet()).indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no series " + name);
    }
    if (index < PALETTE.length) {
      return PALETTE[index];
    }
    // Past the palette, hues spread by the golden angle stay distinguishable.
    return Color.getHSBColor((float) ((index * 0.618033988749895) % 1.0), 0.75f, 0.8f);
  }

  /**
   * Writes the chart as a PNG of {@code width} × {@code height} pixels, creating parent folders.
   */
  public void write(Path png, int width, int height) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(render(width, height), "png", png.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }

  /** Draws the chart. */
  public BufferedImage render(int width, int height) {
    if (width < LEFT + RIGHT + 50 || height < TOP + BOTTOM + 50) {
      throw new IllegalArgumentException(
          "a chart needs at least " + (LEFT + RIGHT + 50) + "×" + (TOP + BOTTOM + 50) + " pixels");
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      Frame frame = frame(width, height);
      drawAxes(g, frame);
      g.setClip(frame.left, frame.top, frame.width + 1, frame.height + 1);
      for (Map.Entry<String, List<Point>> e : series.entrySet()) {
        drawSeries(g, frame, sorted(e.getValue()), colour(e.getKey()));
      }
      g.setClip(null);
      drawLegend(g, frame);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The plot area and its data ranges (x linear, y in log10). */
  private record Frame(
      int left, int top, int width, int height, double x0, double x1, double log0, double log1) {
    double px(double step) {
      return left + (step - x0) / (x1 - x0) * width;
    }

    double py(double value) {
      return top + height - (Math.log10(value) - log0) / (log1 - log0) * height;
    }
  }

  private Frame frame(int width, int height) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minLog = Double.POSITIVE_INFINITY;
    double maxLog = Double.NEGATIVE_INFINITY;
    for (List<Point> points : series.values()) {
      for (Point p : points) {
        minX = Math.min(minX, p.step);
        maxX = Math.max(maxX, p.step);
        minLog = Math.min(minLog, Math.log10(p.value));
        maxLog = Math.max(maxLog, Math.log10(p.value));
      }
    }
    if (minX > maxX) {
      minX = 0;
      maxX = 1;
      minLog = -1;
      maxLog = 1;
    }
    if (maxX == minX) {
      minX -= 1;
      maxX += 1;
    }
    // A narrow range still gets a third of a decade, so a flat curve does not fill the chart.
    double span = Math.max(maxLog - minLog, 1.0 / 3);
    double centre = (minLog + maxLog) / 2;
    double pad = span * 0.05;
    return new Frame(
        LEFT,
        TOP,
        width - LEFT - RIGHT,
        height - TOP - BOTTOM,
        minX,
        maxX,
        centre - span / 2 - pad,
        centre + span / 2 + pad);
  }

  private void drawAxes(Graphics2D g, Frame f) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics metrics = g.getFontMetrics();
    g.setStroke(new BasicStroke(1f));
    for (double value : yTicks(f.log0, f.log1)) {
      int y = (int) Math.round(f.py(value));
      g.setColor(GRID);
      g.drawLine(f.left, y, f.left + f.width, y);
      g.setColor(AXIS);
      g.drawLine(f.left - 4, y, f.left, y);
      String text = tickLabel(value);
      g.drawString(text, f.left - 7 - metrics.stringWidth(text), y + metrics.getAscent() / 2 - 1);
    }
    for (double step : xTicks(f.x0, f.x1)) {
      int x = (int) Math.round(f.px(step));
      g.setColor(GRID);
      g.drawLine(x, f.top, x, f.top + f.height);
      g.setColor(AXIS);
      g.drawLine(x, f.top + f.height, x, f.top + f.height + 4);
      String text = String.format(Locale.ROOT, "%d", Math.round(step));
      g.drawString(
          text, x - metrics.stringWidth(text) / 2, f.top + f.height + 6 + metrics.getAscent());
    }
    g.setColor(AXIS);
    g.drawRect(f.left, f.top, f.width, f.height);
    g.drawString(
        "step", f.left + f.width / 2 - metrics.stringWidth("step") / 2, f.top + f.height + 34);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(f.top + f.height / 2) - metrics.stringWidth(yLabel) / 2, 14);
    g.setTransform(saved);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, f.left, f.top - 10);
  }

  private void drawSeries(Graphics2D g, Frame f, List<Point> points, Color colour) {
    if (points.isEmpty()) {
      return;
    }
    g.setColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 60));
    for (Point p : points) {
      g.fillRect((int) Math.round(f.px(p.step)) - 1, (int) Math.round(f.py(p.value)) - 1, 2, 2);
    }
    double[] average = movingAverage(points.stream().mapToDouble(Point::value).toArray());
    Path2D.Double line = new Path2D.Double();
    for (int i = 0; i < points.size(); i++) {
      double x = f.px(points.get(i).step);
      double y = f.py(average[i]);
      if (i == 0) {
        line.moveTo(x, y);
      } else {
        line.lineTo(x, y);
      }
    }
    g.setColor(colour);
    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    if (points.size() == 1) {
      g.fillOval(
          (int) Math.round(line.getCurrentPoint().getX()) - 3,
          (int) Math.round(line.getCurrentPoint().getY()) - 3,
          6,
          6);
    } else {
      g.draw(line);
    }
  }

  /** Centred moving average over 1/50 of the points (at least 1); partial windows at the ends. */
  static double[] movingAverage(double[] values) {
    int n = values.length;
    int half = Math.max(1, n / 50) / 2;
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + values[i];
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int from = Math.max(0, i - half);
      int to = Math.min(n, i + half + 1);
      out[i] = (prefix[to] - prefix[from]) / (to - from);
    }
    return out;
  }

  private void drawLegend(Graphics2D g, Frame f) {
    if (series.isEmpty()) {
      return;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics metrics = g.getFontMetrics();
    int textWidth = series.keySet().stream().mapToInt(metrics::stringWidth).max().orElse(0);
    int rowHeight = metrics.getHeight() + 2;
    int boxWidth = textWidth + 40;
    int boxHeight = rowHeight * series.size() + 8;
    int x = f.left + f.width - boxWidth - 8;
    int y = f.top + 8;
    g.setColor(new Color(255, 255, 255, 220));
    g.fillRect(x, y, boxWidth, boxHeight);
    g.setColor(GRID.darker());
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x, y, boxWidth, boxHeight);
    int row = y + 4;
    for (String name : series.keySet()) {
      g.setColor(colour(name));
      g.fillRect(x + 8, row + rowHeight / 2 - 2, 20, 4);
      g.setColor(AXIS);
      g.drawString(name, x + 34, row + metrics.getAscent());
      row += rowHeight;
    }
  }

  /**
   * Decades if the range holds two or more, else 1-2-5 steps if it holds three of those, else about
   * five evenly spaced round values (a range this narrow looks nearly linear anyway).
   */
  static List<Double> yTicks(double log0, double log1) {
    List<Double> decades = logTicks(log0, log1, new int[] {1});
    if (decades.size() >= 2) {
      return decades;
    }
    List<Double> oneTwoFive = logTicks(log0, log1, new int[] {1, 2, 5});
    if (oneTwoFive.size() >= 3) {
      return oneTwoFive;
    }
    return roundTicks(Math.pow(10, log0), Math.pow(10, log1), 5);
  }

  private static List<Double> logTicks(double log0, double log1, int[] mantissas) {
    List<Double> ticks = new ArrayList<>();
    for (int decade = (int) Math.floor(log0); decade <= Math.ceil(log1); decade++) {
      for (int m : mantissas) {
        double value = m * Math.pow(10, decade);
        double log = Math.log10(value);
        if (log >= log0 - 1e-9 && log <= log1 + 1e-9) {
          ticks.add(value);
        }
      }
    }
    return ticks;
  }

  /** Whole steps, about six of them (1, 2 or 5 × 10^k, at least 1), covering [x0, x1]. */
  static List<Double> xTicks(double x0, double x1) {
    return roundTicks(x0, x1, 6).stream().map(Math::rint).distinct().toList();
  }

  /** Multiples of a round step (1, 2 or 5 × 10^k) inside [lo, hi], about {@code count} of them. */
  private static List<Double> roundTicks(double lo, double hi, int count) {
    double raw = (hi - lo) / count;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = 10 * magnitude;
    for (double m : new double[] {1, 2, 5}) {
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    }
    List<Double> ticks = new ArrayList<>();
    for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-12); k++) {
      ticks.add(k * step);
    }
    return ticks;
  }

  /** Plain decimals between 0.001 and 10⁴, otherwise like 1e-05. */
  static String tickLabel(double value) {
    if (value >= 1e-3 && value < 1e4) {
      return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", value))
          .stripTrailingZeros()
          .toPlainString();
    }
    int exponent = (int) Math.floor(Math.log10(value) + 1e-9);
    double mantissa = value / Math.pow(10, exponent);
    String m =
        Math.abs(mantissa - Math.round(mantissa)) < 1e-6
            ? Long.toString(Math.round(mantissa))
            : String.format(Locale.ROOT, "%.2g", mantissa);
    return m + "e" + exponent;
  }

  private static List<Point> sorted(List<Point> points) {
    List<Point> copy = new ArrayList<>(points);
    copy.sort(Comparator.comparingLong(Point::step));
    return copy;
  }
}
