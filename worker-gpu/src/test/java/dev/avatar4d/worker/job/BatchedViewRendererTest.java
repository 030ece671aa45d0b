package dev.avatar4d.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import dev.avatar4d.synthesizer.AvatarSynthesizer;
import dev.avatar4d.synthesizer.ModelInfo;
import dev.avatar4d.synthesizer.MotionCode;
import dev.avatar4d.synthesizer.RenderedView;
import dev.avatar4d.synthesizer.SourceFeatures;
import dev.avatar4d.synthesizer.Triplanes;
import dev.avatar4d.synthesizer.camera.Camera;
import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.synthesizer.mesh.Mesh;
import dev.avatar4d.worker.retry.JobFailure;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchedViewRendererTest {
  private static final StageTimer TIMER = new StageTimer(System::nanoTime);

  private final List<Camera> cameras =
      IntStream.range(0, 8).mapToObj(i -> Cameras.orbit(-40 + 10 * i, 0, 4.2f, 12)).toList();

  @Test
  void allViewsAreRenderedInOneCallWhileMemoryLasts() {
    FakeSynthesizer model = new FakeSynthesizer(8);
    BatchedViewRenderer renderer = new BatchedViewRenderer(model, 8, () -> {}, TIMER);

    List<RenderedView> views = renderer.render(null, null, cameras);

    assertThat(model.callSizes).containsExactly(8);
    assertThat(model.cameraOrder(views, cameras)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(renderer.viewsPerCall()).isEqualTo(8);
  }

  @Test
  void runningOutOfMemoryHalvesTheViewsPerCallUntilTheyFit() {
    FakeSynthesizer model = new FakeSynthesizer(3);
    BatchedViewRenderer renderer = new BatchedViewRenderer(model, 8, () -> {}, TIMER);

    List<RenderedView> views = renderer.render(null, null, cameras);

    assertThat(model.callSizes).containsExactly(8, 4, 2, 2, 2, 2);
    assertThat(model.cameraOrder(views, cameras)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(renderer.viewsPerCall()).isEqualTo(2);
  }

  @Test
  void theSmallerBatchIsKeptForTheNextFrame() {
    FakeSynthesizer model = new FakeSynthesizer(3);
    BatchedViewRenderer renderer = new BatchedViewRenderer(model, 8, () -> {}, TIMER);
    renderer.render(null, null, cameras);
    model.callSizes.clear();

    renderer.render(null, null, cameras);

    assertThat(model.callSizes).containsExactly(2, 2, 2, 2);
  }

  @Test
  void outOfMemoryWithOneViewPerCallGivesUpAsARetryableFailure() {
    FakeSynthesizer model = new FakeSynthesizer(0);
    BatchedViewRenderer renderer = new BatchedViewRenderer(model, 8, () -> {}, TIMER);

    assertThatThrownBy(() -> renderer.render(null, null, cameras))
        .isInstanceOfSatisfying(JobFailure.class, f -> assertThat(f.retryable()).isTrue())
        .hasMessageContaining("one view per render call");
    assertThat(model.callSizes).containsExactly(8, 4, 2, 1);
  }

  @Test
  void aFailureOtherThanMemoryIsNotRetriedWithSmallerBatches() {
    FakeSynthesizer model = new FakeSynthesizer(8);
    model.failure = () -> new IllegalArgumentException("camera outside the trained range");
    BatchedViewRenderer renderer = new BatchedViewRenderer(model, 8, () -> {}, TIMER);

    assertThatThrownBy(() -> renderer.render(null, null, cameras))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(model.callSizes).containsExactly(8);
  }

  @Test
  void theCheckpointRunsBetweenBatchesSoAStopDoesNotWaitForTheWholeFrame() {
    FakeSynthesizer model = new FakeSynthesizer(8);
    int[] checks = {0};
    BatchedViewRenderer renderer =
        new BatchedViewRenderer(
            model,
            2,
            () -> {
              if (++checks[0] == 3) {
                throw new JobCanceledException(java.util.UUID.randomUUID());
              }
            },
            TIMER);

    assertThatThrownBy(() -> renderer.render(null, null, cameras))
        .isInstanceOf(JobCanceledException.class);
    assertThat(model.callSizes).containsExactly(2, 2);
  }

  /**
   * Renders up to {@code fits} cameras per call; more run out of device memory as PyTorch reports
   * it.
   */
  private static final class FakeSynthesizer implements AvatarSynthesizer {
    private final int fits;
    private final List<Integer> callSizes = new ArrayList<>();
    private final Map<RenderedView, Camera> rendered = new IdentityHashMap<>();
    private Supplier<RuntimeException> failure;

    FakeSynthesizer(int fits) {
      this.fits = fits;
    }

    @Override
    public List<RenderedView> render(
        SourceFeatures source, Triplanes planes, List<Camera> cameras) {
      callSizes.add(cameras.size());
      if (failure != null) {
        throw failure.get();
      }
      if (cameras.size() > fits) {
        throw new EngineException("CUDA out of memory. Tried to allocate 1.50 GiB");
      }
      List<RenderedView> out = new ArrayList<>();
      for (Camera c : cameras) {
        RenderedView v =
            new RenderedView(
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), new float[1], new float[1], 1);
        rendered.put(v, c);
        out.add(v);
      }
      return out;
    }

    /** For each view, the index in {@code cameras} of the camera it was rendered from. */
    List<Integer> cameraOrder(List<RenderedView> views, List<Camera> cameras) {
      return views.stream().map(v -> cameras.indexOf(rendered.get(v))).toList();
    }

    @Override
    public ModelInfo modelInfo() {
      throw new UnsupportedOperationException();
    }

    @Override
    public SourceFeatures encodeSource(BufferedImage source, double[][] motionPoints) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MotionCode encodeMotion(BufferedImage driving, double[][] motionPoints) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Triplanes triplanes(SourceFeatures source, MotionCode driving) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Triplanes sourceTriplanes(SourceFeatures source) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mesh mesh(Triplanes planes, int gridSize, Runnable checkpoint) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
