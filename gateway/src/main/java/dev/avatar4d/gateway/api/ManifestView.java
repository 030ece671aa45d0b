package dev.avatar4d.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.avatar4d.protocol.ModelStamp;
import dev.avatar4d.protocol.Preprocess;
import dev.avatar4d.protocol.Quality;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The finished job's manifest with a download URL per file. The URLs stop working at {@code
 * urlsExpireAt}; fetch the job again for fresh ones.
 *
 * @param timings milliseconds the worker spent per stage ({@code download}, {@code model_load},
 *     {@code source_encoding}, {@code motion}, {@code triplanes}, {@code render}, {@code
 *     output_encoding}, {@code upload}); absent for jobs finished before workers recorded them
 * @param preprocess the faces the worker found, how it aligned and posed them, and its warnings;
 *     the aligned crops are the files of kind {@code CROP}. Absent for jobs finished before workers
 *     analysed faces
 * @param quality identity kept and expression followed, scored on the most frontal view; absent
 *     when no frame could be scored
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
    Instant urlsExpireAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> timings,
    @JsonInclude(JsonInclude.Include.NON_NULL) Preprocess preprocess,
    @JsonInclude(JsonInclude.Include.NON_NULL) Quality quality) {}
