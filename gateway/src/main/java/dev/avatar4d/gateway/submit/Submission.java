package dev.avatar4d.gateway.submit;

import dev.avatar4d.protocol.JobOptions;
import java.util.List;

/** A validated job submission, not stored yet. */
public record Submission(InputImage source, List<InputImage> driving, JobOptions options) {
  public Submission {
    driving = List.copyOf(driving);
  }
}
