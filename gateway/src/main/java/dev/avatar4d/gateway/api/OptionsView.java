package dev.avatar4d.gateway.api;

import dev.avatar4d.protocol.JobOptions;
import dev.avatar4d.protocol.OutputFormat;
import java.util.List;
import java.util.Locale;

/** A job's options in the same shape the client sends them, with every default filled in. */
public record OptionsView(
    List<ViewView> views,
    String model,
    int resolution,
    List<String> formats,
    int fps,
    String pose) {
  static OptionsView of(JobOptions o) {
    List<String> formats =
        o.formats().stream()
            .sorted()
            .map(OutputFormat::name)
            .map(f -> f.toLowerCase(Locale.ROOT))
            .toList();
    return new OptionsView(
        o.views().stream().map(ViewView::of).toList(),
        o.model(),
        o.resolution(),
        formats,
        o.fps(),
        o.pose().key());
  }
}
