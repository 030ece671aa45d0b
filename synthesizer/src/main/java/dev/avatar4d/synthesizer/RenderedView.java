package dev.avatar4d.synthesizer;

import java.awt.image.BufferedImage;

/**
 * One rendered camera view.
 *
 * @param rgb the super-resolved image, outputResolution²
 * @param depth expected ray distance per render pixel, row-major renderResolution²
 * @param opacity accumulated opacity in [0, 1] per render pixel, row-major renderResolution²
 * @param renderResolution side of the depth and opacity maps
 */
public record RenderedView(
    BufferedImage rgb, float[] depth, float[] opacity, int renderResolution) {}
