package dev.avatar4d.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrainingPlanTest {

  @Test
  void stageOneWarmsUpThenRunsAtTheBaseRateUntilItsRaiseStep() {
    TrainingPlan plan = TrainingPlan.defaults();
    int warmUp = TrainingPlan.STAGE1_WARM_UP_STEPS;

    assertThat(plan.stage1LearningRate(1)).isEqualTo(plan.learningRate() / warmUp);
    assertThat(plan.stage1LearningRate(warmUp / 2)).isEqualTo(plan.learningRate() / 2);
    assertThat(plan.stage1LearningRate(warmUp)).isEqualTo(plan.learningRate());
    assertThat(plan.stage1LearningRate(plan.stage1RaiseLrAfter())).isEqualTo(plan.learningRate());
  }

  @Test
  void stageOnesRaisedRateFallsAlongACosineToItsFinalScale() {
    TrainingPlan plan = TrainingPlan.defaults();
    float raised = plan.learningRate() * plan.stage1RaisedLrScale();
    int middle = (plan.stage1RaiseLrAfter() + plan.stage1Steps()) / 2;

    assertThat(plan.stage1LearningRate(plan.stage1RaiseLrAfter() + 1))
        .isCloseTo(raised, within(raised * 1e-4f));
    assertThat(plan.stage1LearningRate(middle))
        .isCloseTo(raised * (1 + plan.stage1FinalLrScale()) / 2, within(raised * 1e-3f));
    assertThat(plan.stage1LearningRate(plan.stage1Steps()))
        .isCloseTo(raised * plan.stage1FinalLrScale(), within(raised * 1e-6f));
  }

  @Test
  void aContinuingStageOneStartsAtTheRaisedRateAfterItsWarmUp() {
    TrainingPlan plan = TrainingPlan.defaults().continuingStage1();
    float raised = plan.learningRate() * plan.stage1RaisedLrScale();

    assertThat(plan.stage1LearningRate(TrainingPlan.STAGE1_WARM_UP_STEPS))
        .isCloseTo(raised, within(raised * 0.01f));
    assertThat(plan.stage1LearningRate(plan.stage1Steps()))
        .isCloseTo(raised * plan.stage1FinalLrScale(), within(raised * 1e-6f));
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
                    smoke.stage1Window(),
                    smoke.stage1Steps(),
                    smoke.stage1RaiseLrAfter(),
                    smoke.stage1RaisedLrScale(),
                    smoke.stage1FinalLrScale(),
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
