package dev.avatar4d.protocol;

/**
 * How well the output kept the source's identity and followed the driver's expression, scored by
 * the worker's face networks on one view of every frame.
 *
 * @param view the view scored: the requested view closest to frontal
 * @param identityPerFrame cosine similarity of the face-recognition descriptors of the source and
 *     of each frame's output (1 = the same face to the network; face-api calls descriptors within
 *     Euclidean distance 0.6 one person, about cosine 0.82 for descriptors of unit length)
 * @param identityMean mean of {@code identityPerFrame}
 * @param expressionPerFrame mean distance between the output's and the driving frame's landmarks of
 *     eyes, brows and mouth after a similarity fit removes pose and size, in units of the distance
 *     between the eyes
 * @param expressionMean mean of {@code expressionPerFrame}
 */
public record Quality(
    String view,
    double[] identityPerFrame,
    double identityMean,
    double[] expressionPerFrame,
    double expressionMean) {}
