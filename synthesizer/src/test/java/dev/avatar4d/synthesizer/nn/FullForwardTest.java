package dev.avatar4d.synthesizer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.avatar4d.synthesizer.ModelPreset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The paper-sized forward pass (minutes and several GB on CPU); run with {@code -Dgroups=slow}. */
@Tag("slow")
class FullForwardTest {

  @Test
  void fullNetworkProducesThePapersTriplaneAndImageShapes() {
    ModelPreset full = ModelPreset.full();
    try (NDManager m = NDManager.newBaseManager()) {
      Portrait4DNetwork net = new Portrait4DNetwork(full);
      net.initialize(m, 1);
      NDArray image = m.randomUniform(-1f, 1f, new Shape(1, 3, 512, 512));
      NDArray fg = net.encodeGlobal(image);
      NDArray fd = net.encodeDetail(image);
      NDArray v = net.encodeMotion(image, null);
      NDArray planes = net.triplanes(fg, fd, v, v, 1f);
      NDArray sr = net.superResolve(m.randomUniform(-1f, 1f, new Shape(1, 32, 128, 128)));

      assertThat(fg.getShape()).isEqualTo(new Shape(1, 256, 64, 64));
      assertThat(fd.getShape()).isEqualTo(new Shape(1, 96, 256, 256));
      assertThat(v.getShape()).isEqualTo(new Shape(1, 548));
      assertThat(planes.getShape()).isEqualTo(new Shape(1, 3, 32, 256, 256));
      assertThat(net.encodeBackground(image).getShape()).isEqualTo(new Shape(1, 32, 128, 128));
      assertThat(sr.getShape()).isEqualTo(new Shape(1, 3, 512, 512));
    }
  }
}
