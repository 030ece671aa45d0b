package dev.avatar4d.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.avatar4d.gateway.queue.JobCostModel.Finished;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobCostModelTest {

  @Test
  void jobsOnALineGiveItsOverheadAndPerItemCostWithNoResidual() {
    JobCostModel m =
        JobCostModel.fit(
            List.of(new Finished(1, 4.5), new Finished(10, 9.0), new Finished(40, 24.0)));

    assertThat(m.overheadSeconds()).isCloseTo(4.0, within(1e-9));
    assertThat(m.secondsPerFrameView()).isCloseTo(0.5, within(1e-9));
    assertThat(m.rmsSeconds()).isCloseTo(0.0, within(1e-9));
    assertThat(m.sample()).isEqualTo(3);
    assertThat(m.seconds(100)).isCloseTo(54.0, within(1e-9));
  }

  @Test
  void scatteredJobsReportTheirSpreadAsTheRootMeanSquareResidual() {
    JobCostModel m =
        JobCostModel.fit(
            List.of(
                new Finished(10, 6),
                new Finished(10, 8),
                new Finished(20, 11),
                new Finished(20, 13)));

    assertThat(m.secondsPerFrameView()).isCloseTo(0.5, within(1e-9));
    assertThat(m.overheadSeconds()).isCloseTo(2.0, within(1e-9));
    assertThat(m.rmsSeconds()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void jobsOfOneSizeScaleWithSizeAndNothingFinishedGivesNoModel() {
    JobCostModel m = JobCostModel.fit(List.of(new Finished(6, 3.0), new Finished(6, 3.0)));

    assertThat(m.seconds(12)).isCloseTo(6.0, within(1e-9));
    assertThat(JobCostModel.fit(List.of())).isNull();
  }

  @Test
  void aFitNeverPredictsNegativeTimes() {
    // Bigger jobs finished faster (a warm worker): no negative slope.
    JobCostModel m = JobCostModel.fit(List.of(new Finished(1, 20), new Finished(100, 2)));

    assertThat(m.secondsPerFrameView()).isZero();
    assertThat(m.seconds(1000)).isPositive();
  }
}
