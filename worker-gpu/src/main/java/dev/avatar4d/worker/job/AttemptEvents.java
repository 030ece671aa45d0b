package dev.avatar4d.worker.job;

import dev.avatar4d.protocol.ModelStamp;

/**
 * What a running attempt tells the world about itself. The job loop gives {@link JobRunner} one per
 * attempt (publishing to Kafka); a test can hand it a recorder instead.
 */
public interface AttemptEvents {

  /** The attempt number the events carry. */
  int attempt();

  /** The attempt has its inputs and model, and will render {@code framesTotal} frames. */
  void started(int framesTotal, ModelStamp model);

  /** {@code framesDone} frames have all their outputs stored. */
  void progress(int framesDone);

  /** The manifest at {@code manifestKey} is stored: every output of the attempt exists. */
  void succeeded(String manifestKey, ModelStamp model);
}
