package dev.avatar4d.gateway.jobs;

import java.util.List;

/** One page of the job listing; {@code next} is null on the last page. */
public record JobPage(List<JobRow> jobs, PageCursor next) {}
