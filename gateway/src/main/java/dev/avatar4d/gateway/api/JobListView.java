package dev.avatar4d.gateway.api;

import java.util.List;

/**
 * One page of {@code GET /v1/jobs}; pass {@code nextCursor} as {@code cursor} for the next page
 * (null on the last).
 */
public record JobListView(List<JobView> jobs, String nextCursor) {}
