package dev.avatar4d.trainer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loss terms of every step, appended to a CSV file ({@code step,term,value}) so that a resumed
 * run continues the same curve and the plot can be redrawn from the file alone.
 */
final class LossLog {

  /** One logged value. */
  record Entry(long step, String term, double value) {}

  private final Path file;

  LossLog(Path file) {
    this.file = file;
  }

  /** Appends one step's terms. */
  void append(long step, List<Entry> terms) {
    StringBuilder text = new StringBuilder();
    for (Entry e : terms) {
      text.append(String.format(Locale.ROOT, "%d,%s,%.6g%n", step, e.term(), e.value()));
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Drops entries after {@code step}: a resumed run repeats the steps after its checkpoint. */
  void truncateAfter(long step) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    List<String> kept = new ArrayList<>();
    for (Entry e : read()) {
      if (e.step() <= step) {
        kept.add(String.format(Locale.ROOT, "%d,%s,%.6g", e.step(), e.term(), e.value()));
      }
    }
    Files.write(file, kept, StandardCharsets.UTF_8);
  }

  /** Every entry in the file, in order; empty when there is no file yet. */
  List<Entry> read() throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.exists(file)) {
      return entries;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split(",");
      if (parts.length == 3) {
        entries.add(new Entry(Long.parseLong(parts[0]), parts[1], Double.parseDouble(parts[2])));
      }
    }
    return entries;
  }
}
