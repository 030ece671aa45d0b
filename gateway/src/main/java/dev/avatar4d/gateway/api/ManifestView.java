package dev.avatar4d.gateway.api;

import dev.avatar4d.protocol.ModelStamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The finished job's manifest with a download URL per file. The URLs stop working at {@code
 * urlsExpireAt}; fetch the job again for fresh ones.
 */
public record ManifestView(
    int attempt,
    ModelStamp model,
    List<ViewView> views,
    int frames,
    int resolution,
    Map<String, float[]> depthRange,
    List<OutputFileView> files,
    Instant finishedAt,
    Instant urlsExpireAt) {}
