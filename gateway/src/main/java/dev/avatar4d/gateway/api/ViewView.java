package dev.avatar4d.gateway.api;

import dev.avatar4d.protocol.ViewSpec;

/**
 * A camera as clients write it in the options ({@code yaw}, {@code pitch}, {@code radius}, {@code
 * fov}).
 */
public record ViewView(String name, double yaw, double pitch, double radius, double fov) {
  static ViewView of(ViewSpec v) {
    return new ViewView(v.name(), v.yawDeg(), v.pitchDeg(), v.radius(), v.fovDeg());
  }
}
