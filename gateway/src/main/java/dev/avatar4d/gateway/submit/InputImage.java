package dev.avatar4d.gateway.submit;

/** An uploaded image that passed inspection: its bytes, type and pixel size. */
public record InputImage(byte[] bytes, ImageType type, int width, int height) {}
