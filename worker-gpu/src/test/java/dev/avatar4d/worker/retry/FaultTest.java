package dev.avatar4d.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import dev.avatar4d.storage.StorageException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void anUnreachableObjectStoreIsATransientStorageFaultEvenWhenWrapped() {
    StorageException refused = new StorageException("put failed: connection refused");

    assertThat(Fault.of(refused)).isEqualTo(Fault.STORAGE);
    assertThat(Fault.of(JobFailure.transientFault("object store unavailable", refused)))
        .isEqualTo(Fault.STORAGE);
    assertThat(Fault.STORAGE.retryable()).isTrue();
  }

  @Test
  void anEngineMessageSayingOutOfMemoryIsAnOutOfMemoryFault() {
    EngineException cuda = new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB");

    assertThat(Fault.of(cuda)).isEqualTo(Fault.OUT_OF_MEMORY);
    assertThat(Fault.of(new RuntimeException("render failed", cuda)))
        .isEqualTo(Fault.OUT_OF_MEMORY);
    assertThat(Fault.of(new EngineException("DefaultCPUAllocator: can't allocate memory")))
        .isEqualTo(Fault.OUT_OF_MEMORY);
  }

  @Test
  void aJavaHeapExhaustionIsAnOutOfMemoryFault() {
    assertThat(Fault.of(new OutOfMemoryError("Java heap space"))).isEqualTo(Fault.OUT_OF_MEMORY);
  }

  @Test
  void anotherEngineFailureIsARetryableDeviceFault() {
    assertThat(Fault.of(new EngineException("CUDA error: an illegal memory access")))
        .isEqualTo(Fault.DEVICE);
    assertThat(Fault.DEVICE.retryable()).isTrue();
  }

  @Test
  void badInputIsPermanent() {
    assertThat(Fault.of(new IllegalArgumentException("image is 0x0"))).isEqualTo(Fault.BAD_INPUT);
    assertThat(Fault.of(JobFailure.permanent("input source is not a decodable image", null)))
        .isEqualTo(Fault.BAD_INPUT);
    assertThat(Fault.BAD_INPUT.retryable()).isFalse();
  }

  @Test
  void anythingElseIsRetriedAsUnknown() {
    assertThat(Fault.of(new UncheckedIOException("disk full", new java.io.IOException())))
        .isEqualTo(Fault.UNKNOWN);
    assertThat(Fault.UNKNOWN.retryable()).isTrue();
  }
}
