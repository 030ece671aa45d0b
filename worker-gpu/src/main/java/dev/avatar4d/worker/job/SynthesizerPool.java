package dev.avatar4d.worker.job;

import dev.avatar4d.synthesizer.AvatarSynthesizer;
import dev.avatar4d.synthesizer.Portrait4DSynthesizer;
import dev.avatar4d.synthesizer.SynthesizerConfig;
import dev.avatar4d.worker.config.WorkerConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per preset, opened on first use and kept for the worker's life: loading weights
 * costs far more than a job's source encoding.
 */
public final class SynthesizerPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SynthesizerPool.class);

  private final Map<String, AvatarSynthesizer> loaded = new HashMap<>();
  private final Function<String, AvatarSynthesizer> opener;

  public SynthesizerPool(Function<String, AvatarSynthesizer> opener) {
    this.opener = opener;
  }

  /** A pool that opens Portrait4D-v2 with the worker's weights, seed and device choice. */
  public static SynthesizerPool forConfig(WorkerConfig config) {
    return new SynthesizerPool(
        preset -> {
          SynthesizerConfig sc =
              new SynthesizerConfig(
                  preset, config.weightsFor(preset), config.seed(), config.device());
          return Portrait4DSynthesizer.open(sc);
        });
  }

  /** The model for {@code preset}, loading it if this worker has not yet. */
  public synchronized AvatarSynthesizer get(String preset) {
    return loaded.computeIfAbsent(
        preset,
        p -> {
          AvatarSynthesizer s = opener.apply(p);
          var info = s.modelInfo();
          LOG.info(
              "loaded model preset={} device={} weights={} trained={}",
              info.preset(),
              info.device(),
              info.weightsSha256(),
              info.trained());
          if (!info.trained()) {
            LOG.warn(
                "preset {} runs with UNTRAINED seeded random weights: outputs show the pipeline, not a head",
                p);
          }
          return s;
        });
  }

  @Override
  public synchronized void close() {
    for (AvatarSynthesizer s : loaded.values()) {
      try {
        s.close();
      } catch (Exception e) {
        LOG.warn("closing a model failed", e);
      }
    }
    loaded.clear();
  }
}
