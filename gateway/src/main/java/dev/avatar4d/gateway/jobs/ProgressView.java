package dev.avatar4d.gateway.jobs;

/** How far a job got; {@code fraction} is framesDone / framesTotal, 1 once it succeeded. */
public record ProgressView(int framesDone, int framesTotal, double fraction) {}
