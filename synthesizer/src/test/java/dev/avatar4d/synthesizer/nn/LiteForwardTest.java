package dev.avatar4d.synthesizer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.ModelPreset;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.synthesizer.render.RenderOutput;
import dev.avatar4d.synthesizer.render.RenderSettings;
import dev.avatar4d.synthesizer.render.VolumeRenderer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LiteForwardTest {

  private static final ModelPreset LITE = ModelPreset.lite();
  private static NDManager manager;
  private static Portrait4DNetwork net;

  @BeforeAll
  static void build() {
    manager = NDManager.newBaseManager();
    net = new Portrait4DNetwork(LITE);
    net.initialize(manager, 42);
  }

  @AfterAll
  static void release() {
    manager.close();
  }

  @Test
  void liteNetworkProducesEveryIntermediateAtTheDocumentedShape() {
    try (NDManager scope = manager.newSubManager()) {
      NDArray image = scope.randomUniform(-1f, 1f, new Shape(1, 3, 256, 256));
      NDArray fg = net.encodeGlobal(image);
      NDArray fd = net.encodeDetail(image);
      NDArray bg = net.encodeBackground(image);
      NDArray motion = net.encodeMotion(image, null);
      NDArray planes = net.triplanes(fg, fd, motion, motion, 1f);

      assertThat(fg.getShape()).isEqualTo(new Shape(1, LITE.global().asppChannels(), 32, 32));
      assertThat(fd.getShape()).isEqualTo(new Shape(1, LITE.detail().channels(), 128, 128));
      assertThat(bg.getShape()).isEqualTo(new Shape(1, LITE.render().featureChannels(), 64, 64));
      assertThat(motion.getShape()).isEqualTo(new Shape(1, LITE.motion().codeDim()));
      assertThat(planes.getShape())
          .isEqualTo(new Shape(1, 3, LITE.triplane().planeChannels(), 128, 128));
      assertThat(planes.isNaN().any().getBoolean()).isFalse();
    }
  }

  @Test
  void liteNetworkRendersAndSuperResolvesSeveralViewsInOneBatch() {
    try (NDManager scope = manager.newSubManager()) {
      NDArray image = scope.randomUniform(-1f, 1f, new Shape(1, 3, 256, 256));
      NDArray motion = net.encodeMotion(image, null);
      NDArray planes =
          net.triplanes(net.encodeGlobal(image), net.encodeDetail(image), motion, motion, 1f);
      NDArray bg = net.encodeBackground(image);
      RenderSettings settings = new RenderSettings(64, 24, 24, 1.3f);
      RenderOutput out =
          new VolumeRenderer()
              .render(
                  planes,
                  net.decoder(),
                  bg,
                  List.of(Cameras.front(), Cameras.orbit(20, 0)),
                  settings,
                  null);
      NDArray sr = net.superResolve(out.featureImage());

      assertThat(out.featureImage().getShape())
          .isEqualTo(new Shape(2, LITE.render().featureChannels(), 64, 64));
      assertThat(sr.getShape()).isEqualTo(new Shape(2, 3, 256, 256));
      assertThat(sr.isNaN().any().getBoolean()).isFalse();
    }
  }

  @Test
  void staticMotionScaleIgnoresTheDrivingMotion() {
    try (NDManager scope = manager.newSubManager()) {
      NDArray image = scope.randomUniform(-1f, 1f, new Shape(1, 3, 256, 256));
      NDArray fg = net.encodeGlobal(image);
      NDArray fd = net.encodeDetail(image);
      NDArray v1 = scope.randomNormal(new Shape(1, LITE.motion().codeDim()));
      NDArray v2 = scope.randomNormal(new Shape(1, LITE.motion().codeDim()));
      NDArray a = net.triplanes(fg, fd, v1, v1, 0f);
      NDArray b = net.triplanes(fg, fd, v1, v2, 0f);
      assertThat(a.sub(b).abs().max().getFloat()).isEqualTo(0f);
    }
  }
}
