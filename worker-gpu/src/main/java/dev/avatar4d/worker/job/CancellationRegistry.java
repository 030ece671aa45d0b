package dev.avatar4d.worker.job;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs this worker has been told to cancel. Filled by the control listener, read by running jobs
 * between render steps. Entries stay, so a cancel that arrives before the job does still counts.
 */
public final class CancellationRegistry {
  private final Set<UUID> canceled = ConcurrentHashMap.newKeySet();

  public void cancel(UUID jobId) {
    canceled.add(jobId);
  }

  public boolean isCanceled(UUID jobId) {
    return canceled.contains(jobId);
  }
}
