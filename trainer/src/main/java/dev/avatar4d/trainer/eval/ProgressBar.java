package dev.avatar4d.trainer.eval;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;

/**
 * Text progress for a long loop, e.g.
 *
 * <pre>stage1 [#########...........] 450/1000  45.0%  loss 0.1234  eta 03:12</pre>
 *
 * <p>On a console the line is redrawn in place with {@code '\r'} (at most every 200 ms); when the
 * output goes to a file or a pipe, where carriage returns would pile up, a full line is printed
 * only when another 5% is done or 30 s have passed since the last line. The remaining time is
 * extrapolated from the rate since the bar was created, read from the injected clock.
 */
public final class ProgressBar {
  private static final int WIDTH = 20;
  private static final int LINES = 20;
  private static final long LINE_EVERY_MS = 30_000;
  private static final long REDRAW_EVERY_MS = 200;

  private final String label;
  private final long total;
  private final long startDone;
  private final PrintStream out;
  private final Clock clock;
  private final boolean interactive;
  private final long startMs;
  private long done;
  private long lastPrintedDone = -1;
  private long lastPrintMs;
  private int lastLength;

  /**
   * A bar starting from nothing done, redrawn in place when {@link System#console()} exists.
   *
   * @param total the count that means finished; positive
   */
  public ProgressBar(String label, long total, PrintStream out, Clock clock) {
    this(label, total, 0, out, clock);
  }

  /**
   * A bar for a loop resumed after {@code alreadyDone} units; the remaining time is estimated from
   * the units done from then on only.
   */
  public ProgressBar(String label, long total, long alreadyDone, PrintStream out, Clock clock) {
    this(label, total, alreadyDone, out, clock, System.console() != null);
  }

  ProgressBar(
      String label,
      long total,
      long alreadyDone,
      PrintStream out,
      Clock clock,
      boolean interactive) {
    if (total <= 0) {
      throw new IllegalArgumentException("total must be positive, got " + total);
    }
    this.label = label;
    this.total = total;
    this.startDone = Math.max(0, Math.min(total, alreadyDone));
    this.out = out;
    this.clock = clock;
    this.interactive = interactive;
    this.startMs = clock.millis();
    this.done = startDone;
  }

  /** Records that {@code done} of the total units are finished and shows the bar if it is due. */
  public void update(long done, String status) {
    this.done = Math.max(0, Math.min(total, done));
    long now = clock.millis();
    boolean first = lastPrintedDone < 0;
    if (interactive) {
      if (first || now - lastPrintMs >= REDRAW_EVERY_MS || this.done == total) {
        redraw(line(this.done, status, eta(now)), now);
      }
    } else if (first
        || bucket(this.done) > bucket(lastPrintedDone)
        || now - lastPrintMs >= LINE_EVERY_MS) {
      out.println(line(this.done, status, eta(now)));
      mark(now);
    }
  }

  /** Shows the final state with the total time taken and ends the line. */
  public void finish(String status) {
    long now = clock.millis();
    String text = line(done, status, "took " + duration(now - startMs));
    if (interactive) {
      redraw(text, now);
      out.println();
    } else {
      out.println(text);
      mark(now);
    }
    out.flush();
  }

  private void redraw(String text, long now) {
    int pad = Math.max(0, lastLength - text.length());
    out.print("\r" + text + " ".repeat(pad));
    out.flush();
    lastLength = text.length();
    mark(now);
  }

  private void mark(long now) {
    lastPrintedDone = done;
    lastPrintMs = now;
  }

  private long bucket(long units) {
    return units * LINES / total;
  }

  /** The bar line for {@code done} units, without a line ending. */
  String line(long done, String status, String tail) {
    int filled = (int) (done * WIDTH / total);
    StringBuilder s =
        new StringBuilder(label)
            .append(" [")
            .append("#".repeat(filled))
            .append(".".repeat(WIDTH - filled))
            .append("] ")
            .append(done)
            .append('/')
            .append(total)
            .append(String.format(Locale.ROOT, "  %.1f%%", 100.0 * done / total));
    if (status != null && !status.isEmpty()) {
      s.append("  ").append(status);
    }
    return s.append("  ").append(tail).toString();
  }

  private String eta(long now) {
    long progressed = done - startDone;
    if (done >= total) {
      return "eta 00:00";
    }
    if (progressed <= 0) {
      return "eta --:--";
    }
    double remainingMs = (double) (now - startMs) * (total - done) / progressed;
    return "eta " + duration(Math.round(remainingMs));
  }

  /** mm:ss, or h:mm:ss from an hour on. */
  static String duration(long millis) {
    long seconds = Math.max(0, Math.round(millis / 1000.0));
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%02d:%02d", m, s);
  }
}
