package dev.avatar4d.trainer.train;

/**
 * Everything that decides what a training run does, with the defaults that produce the shipped
 * {@code lite} weights on a 2-core CPU in about an hour.
 *
 * @param seed seed of the synthetic world, the initial weights and every sampling choice
 * @param stage1Sets multi-view sets rendered for stage 1 (one training identity each)
 * @param stage1Views cameras per set: the source view plus {@code stage1Views - 1} random targets
 * @param stage1Targets views rendered from each source encoding in a stage-1 step: the encoder pass
 *     is the costly half of a step, so several targets per pass buy more 3D signal per second
 * @param stage1Window side of the square window of each target view that a stage-1 step renders and
 *     supervises, at a random place (the render resolution for whole views): a 32² window of the
 *     64² render costs a quarter of the rays, so a step sees twice as many views in less time than
 *     whole ones (random ray subsets, as NeRF trains)
 * @param stage1Steps optimiser steps of stage 1 (Ψ3d)
 * @param stage1RaiseLrAfter stage-1 steps after which the learning rate is raised: by then the
 *     volume has a head's shape (mask error ≈ 0.05 by step 800 in the shipped run), but colours and
 *     the background are still the population mean, and at the base rate they learn to follow the
 *     source only slowly
 * @param stage1RaisedLrScale the factor the rate is raised by after {@code stage1RaiseLrAfter}
 * @param stage1FinalLrScale where the raised rate ends, as a fraction of it: from {@code
 *     stage1RaiseLrAfter} to the last step it falls along a half cosine to this (1: no decay). With
 *     planes fitted directly the falling rate was what let held-out views keep improving instead of
 *     collapsing (PlaneFitProbe: 27.8 dB then 21.9 at a constant rate, 30.6 with the cosine)
 * @param stage2Clips monocular clips rendered for stage 2 (one training identity each, none shared
 *     with stage 1)
 * @param clipFrames frames per clip
 * @param stage2Steps optimiser steps of stage 2 (Ψ) and, with the same count, of the baseline
 * @param learningRate Adam's base learning rate
 * @param decoderLrScale learning-rate multiplier of the OSG decoder (the NeRF MLP) in both stages:
 *     its density head starts at zero and must grow by several units before rays turn opaque
 * @param motionLrScale learning-rate multiplier of the motion-related parameters in stage 2 (the
 *     official {@code cross_lr_scale}, 2.5). At 10 the volume collapsed at step 236 of a run (mask
 *     error 0.012 to 0.135 in a few steps): once the zero-initialised output projections of the
 *     cross-attention had grown, the motion parameters behind them got their first gradients and
 *     Adam moved them at the full raised rate at once
 * @param crossViewEvery stage 2 adds the cross-view loss on every k-th step (the official lazy
 *     regularisation interval)
 * @param motionAugmentation probability that the motion encoder sees Ψ3d's render of the driving
 *     frame from a random view instead of the frame itself (the paper's guard against the motion
 *     code carrying the pose; 0 by default, since the driving pose is the camera here and Ψ3d's
 *     renders smear the very mouth and eyes the motion code must read)
 * @param motionLabelWeight weight in stage 2 of an L1 term that makes the first five entries of the
 *     driving motion code equal the frame's expression values (jaw, smile, blinks, brows): our
 *     motion encoder starts untrained, where the paper's is a pretrained expression encoder
 *     (PD-FGC), and without a code that already carries the expression the cross-attention had
 *     nothing consistent to learn from (its output projections stayed at rms 0.0006 from step 200
 *     to 500 of a run); 0 turns it off
 * @param motionPretrainSteps steps of stage 1b, where the motion encoder alone learns the
 *     expression labels ({@link MotionStage}) before stage 2, which then keeps it frozen as the
 *     paper keeps PD-FGC; 0 skips stage 1b and trains the encoder inside stage 2
 * @param motionPretrainBatch clip frames per stage-1b step
 * @param motionPretrainLearningRate Adam's rate in stage 1b
 * @param superResolutionEvery the super-resolution loss is added on every k-th step
 * @param checkpointEvery steps between resumable checkpoints
 * @param evalIdentities held-out identities in the evaluation
 */
public record TrainingPlan(
    long seed,
    int stage1Sets,
    int stage1Views,
    int stage1Targets,
    int stage1Window,
    int stage1Steps,
    int stage1RaiseLrAfter,
    float stage1RaisedLrScale,
    float stage1FinalLrScale,
    int stage2Clips,
    int clipFrames,
    int stage2Steps,
    float learningRate,
    float decoderLrScale,
    float motionLrScale,
    int crossViewEvery,
    double motionAugmentation,
    float motionLabelWeight,
    int motionPretrainSteps,
    int motionPretrainBatch,
    float motionPretrainLearningRate,
    int superResolutionEvery,
    int checkpointEvery,
    int evalIdentities) {

  /** Default seed of the shipped model. */
  public static final long DEFAULT_SEED = 7;

  /** Validates every field. */
  public TrainingPlan {
    positive("stage1Sets", stage1Sets);
    if (stage1Views < 2) {
      throw new IllegalArgumentException("stage1Views must be >= 2, got " + stage1Views);
    }
    if (stage1Targets < 1 || stage1Targets >= stage1Views) {
      throw new IllegalArgumentException(
          "stage1Targets must be in [1, stage1Views), got " + stage1Targets);
    }
    if (stage1Window < 1) {
      throw new IllegalArgumentException("stage1Window must be >= 1, got " + stage1Window);
    }
    positive("stage1Steps", stage1Steps);
    if (stage1RaiseLrAfter < 0) {
      throw new IllegalArgumentException(
          "stage1RaiseLrAfter must be >= 0, got " + stage1RaiseLrAfter);
    }
    if (!(stage1RaisedLrScale > 0f) || !Float.isFinite(stage1RaisedLrScale)) {
      throw new IllegalArgumentException(
          "stage1RaisedLrScale must be finite and > 0, got " + stage1RaisedLrScale);
    }
    if (!(stage1FinalLrScale > 0f && stage1FinalLrScale <= 1f)) {
      throw new IllegalArgumentException(
          "stage1FinalLrScale must be in (0, 1], got " + stage1FinalLrScale);
    }
    positive("stage2Clips", stage2Clips);
    if (clipFrames < 2) {
      throw new IllegalArgumentException("clipFrames must be >= 2, got " + clipFrames);
    }
    positive("stage2Steps", stage2Steps);
    if (!(learningRate > 0f) || !Float.isFinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be finite and > 0, got " + learningRate);
    }
    if (!(decoderLrScale > 0f) || !Float.isFinite(decoderLrScale)) {
      throw new IllegalArgumentException(
          "decoderLrScale must be finite and > 0, got " + decoderLrScale);
    }
    if (!(motionLrScale > 0f) || !Float.isFinite(motionLrScale)) {
      throw new IllegalArgumentException(
          "motionLrScale must be finite and > 0, got " + motionLrScale);
    }
    positive("crossViewEvery", crossViewEvery);
    if (!(motionAugmentation >= 0 && motionAugmentation <= 1)) {
      throw new IllegalArgumentException(
          "motionAugmentation must be in [0, 1], got " + motionAugmentation);
    }
    if (!(motionLabelWeight >= 0f) || !Float.isFinite(motionLabelWeight)) {
      throw new IllegalArgumentException(
          "motionLabelWeight must be finite and >= 0, got " + motionLabelWeight);
    }
    if (motionPretrainSteps < 0) {
      throw new IllegalArgumentException(
          "motionPretrainSteps must be >= 0, got " + motionPretrainSteps);
    }
    positive("motionPretrainBatch", motionPretrainBatch);
    if (!(motionPretrainLearningRate > 0f) || !Float.isFinite(motionPretrainLearningRate)) {
      throw new IllegalArgumentException(
          "motionPretrainLearningRate must be finite and > 0, got " + motionPretrainLearningRate);
    }
    positive("superResolutionEvery", superResolutionEvery);
    positive("checkpointEvery", checkpointEvery);
    positive("evalIdentities", evalIdentities);
  }

  /** The run that produced the shipped weights. */
  public static TrainingPlan defaults() {
    return new TrainingPlan(
        DEFAULT_SEED,
        800,
        9,
        8,
        32,
        1600,
        800,
        2.5f,
        0.1f,
        120,
        8,
        800,
        2e-4f,
        10f,
        2.5f,
        4,
        0.0,
        1f,
        0,
        8,
        1e-3f,
        4,
        100,
        16);
  }

  /** A few steps of everything, for tests: seconds, not minutes. */
  public static TrainingPlan smoke() {
    return new TrainingPlan(
        DEFAULT_SEED,
        3,
        3,
        2,
        16,
        4,
        2,
        2f,
        0.5f,
        2,
        3,
        4,
        2e-4f,
        10f,
        2.5f,
        2,
        0.5,
        1f,
        3,
        2,
        1e-3f,
        2,
        3,
        2);
  }

  /**
   * Steps over which stage 1's rate rises linearly from zero: Adam starts with empty moments, and a
   * run that continues trained weights must not take full-rate steps from them.
   */
  public static final int STAGE1_WARM_UP_STEPS = 50;

  /** Stage 1's learning rate at {@code step} (1-based). */
  public float stage1LearningRate(long step) {
    double rate = learningRate;
    if (step > stage1RaiseLrAfter) {
      double progress =
          (step - stage1RaiseLrAfter) / (double) Math.max(1, stage1Steps - stage1RaiseLrAfter);
      double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
      rate *= stage1RaisedLrScale * (stage1FinalLrScale + (1 - stage1FinalLrScale) * cosine);
    }
    return (float) (rate * Math.min(1.0, step / (double) STAGE1_WARM_UP_STEPS));
  }

  /**
   * The same plan for a stage 1 that continues trained weights: the rate is the raised one from the
   * first step (after the warm-up), falling to the final scale.
   */
  public TrainingPlan continuingStage1() {
    return new TrainingPlan(
        seed,
        stage1Sets,
        stage1Views,
        stage1Targets,
        stage1Window,
        stage1Steps,
        0,
        stage1RaisedLrScale,
        stage1FinalLrScale,
        stage2Clips,
        clipFrames,
        stage2Steps,
        learningRate,
        decoderLrScale,
        motionLrScale,
        crossViewEvery,
        motionAugmentation,
        motionLabelWeight,
        motionPretrainSteps,
        motionPretrainBatch,
        motionPretrainLearningRate,
        superResolutionEvery,
        checkpointEvery,
        evalIdentities);
  }

  /** The same plan with other step counts (e.g. from the command line). */
  public TrainingPlan withSteps(int stage1, int stage2) {
    return new TrainingPlan(
        seed,
        stage1Sets,
        stage1Views,
        stage1Targets,
        stage1Window,
        stage1,
        stage1RaiseLrAfter,
        stage1RaisedLrScale,
        stage1FinalLrScale,
        stage2Clips,
        clipFrames,
        stage2,
        learningRate,
        decoderLrScale,
        motionLrScale,
        crossViewEvery,
        motionAugmentation,
        motionLabelWeight,
        motionPretrainSteps,
        motionPretrainBatch,
        motionPretrainLearningRate,
        superResolutionEvery,
        checkpointEvery,
        evalIdentities);
  }

  /** The same plan with other stage-1b settings ({@code steps} 0: no stage 1b). */
  public TrainingPlan withMotionPretraining(int steps, int batch, float rate) {
    return new TrainingPlan(
        seed,
        stage1Sets,
        stage1Views,
        stage1Targets,
        stage1Window,
        stage1Steps,
        stage1RaiseLrAfter,
        stage1RaisedLrScale,
        stage1FinalLrScale,
        stage2Clips,
        clipFrames,
        stage2Steps,
        learningRate,
        decoderLrScale,
        motionLrScale,
        crossViewEvery,
        motionAugmentation,
        motionLabelWeight,
        steps,
        batch,
        rate,
        superResolutionEvery,
        checkpointEvery,
        evalIdentities);
  }

  /** Whether stage 1b runs and stage 2 keeps the motion encoder frozen. */
  public boolean pretrainsMotion() {
    return motionPretrainSteps > 0;
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
