package dev.avatar4d.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingPlanTest {

  @Test
  void stageOneRunsAtTheBaseRateUntilItsRaiseStepAndAtTheRaisedRateAfter() {
    TrainingPlan plan = TrainingPlan.defaults();

    assertThat(plan.stage1LearningRate(1)).isEqualTo(plan.learningRate());
    assertThat(plan.stage1LearningRate(plan.stage1RaiseLrAfter())).isEqualTo(plan.learningRate());
    assertThat(plan.stage1LearningRate(plan.stage1RaiseLrAfter() + 1))
        .isEqualTo(plan.learningRate() * plan.stage1RaisedLrScale());
  }

  @Test
  void moreTargetsPerStepThanASetHasTargetViewsIsRefused() {
    TrainingPlan smoke = TrainingPlan.smoke();

    assertThatThrownBy(
            () ->
                new TrainingPlan(
                    smoke.seed(),
                    smoke.stage1Sets(),
                    3,
                    3,
                    smoke.stage1Steps(),
                    smoke.stage1RaiseLrAfter(),
                    smoke.stage1RaisedLrScale(),
                    smoke.stage2Clips(),
                    smoke.clipFrames(),
                    smoke.stage2Steps(),
                    smoke.learningRate(),
                    smoke.decoderLrScale(),
                    smoke.motionLrScale(),
                    smoke.crossViewEvery(),
                    smoke.motionAugmentation(),
                    smoke.motionLabelWeight(),
                    smoke.motionPretrainSteps(),
                    smoke.motionPretrainBatch(),
                    smoke.motionPretrainLearningRate(),
                    smoke.superResolutionEvery(),
                    smoke.checkpointEvery(),
                    smoke.evalIdentities()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage1Targets");
  }
}
