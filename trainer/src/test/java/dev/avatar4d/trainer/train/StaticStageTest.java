package dev.avatar4d.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.avatar4d.synthesizer.camera.Cameras;
import dev.avatar4d.trainer.heads.HeadRender;
import dev.avatar4d.trainer.optim.TrainingRender;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StaticStageTest {

  private final List<MultiViewBank.View> views = new ArrayList<>();

  StaticStageTest() {
    for (int v = 0; v < 9; v++) {
      views.add(
          new MultiViewBank.View(
              Cameras.orbit(10f * v, 0f),
              new HeadRender(1, new float[3], new float[1], new float[1])));
    }
  }

  @Test
  void aPlainStepRendersDistinctTargetsAndNeverTheSourcesOwnView() {
    for (int seed = 0; seed < 50; seed++) {
      List<MultiViewBank.View> picked =
          StaticStage.pickViews(views, 4, false, new SplittableRandom(seed));

      assertThat(picked).hasSize(4).doesNotHaveDuplicates().doesNotContain(views.get(0));
    }
  }

  @Test
  void aSuperResolutionStepRendersTheSourcesViewFirst() {
    List<MultiViewBank.View> picked =
        StaticStage.pickViews(views, 4, true, new SplittableRandom(3));

    assertThat(picked).hasSize(4).doesNotHaveDuplicates();
    assertThat(picked.get(0)).isSameAs(views.get(0));
  }

  @Test
  void askingForMoreTargetsThanASetHasGivesAllOfThemOnce() {
    List<MultiViewBank.View> picked =
        StaticStage.pickViews(views.subList(0, 3), 5, false, new SplittableRandom(1));

    assertThat(picked).containsExactlyInAnyOrder(views.get(1), views.get(2));
  }

  @Test
  void windowsOfOneSizeShareARenderAndTheWholeSourceViewGetsItsOwn() {
    List<TrainingRender.Window> windows =
        List.of(
            TrainingRender.Window.whole(64),
            new TrainingRender.Window(3, 5, 32),
            new TrainingRender.Window(0, 32, 32));

    assertThat(StaticStage.bySize(windows)).containsExactly(List.of(0), List.of(1, 2));
  }

  @Test
  void randomWindowsStayInsideTheImage() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      TrainingRender.Window w = TrainingRender.Window.random(64, 32, rng);

      assertThat(w.x0()).isBetween(0, 32);
      assertThat(w.y0()).isBetween(0, 32);
    }
  }
}
