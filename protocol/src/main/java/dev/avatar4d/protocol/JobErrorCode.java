package dev.avatar4d.protocol;

import java.util.Locale;

/**
 * Why a job FAILED, or was CANCELED by one of its deadlines, as a stable, machine-readable code
 * beside the human-readable error text: a client branches on the code, never on the text. A job its
 * client canceled has no code. Spelt in the API as {@link #key()}, e.g. {@code no-face}.
 */
public enum JobErrorCode {
  /** The source image shows no face the front end can find. Not retried. */
  NO_FACE,
  /** Most driving frames show no face, even when followed from their neighbours. Not retried. */
  NO_FACE_IN_DRIVING,
  /** An input is missing, undecodable or otherwise unusable by the model. Not retried. */
  INVALID_INPUT,
  /** An attempt ran past the worker's job timeout. */
  TIMED_OUT,
  /** A fault around the job (storage, device) outlasted every allowed attempt. */
  RETRIES_EXHAUSTED,
  /** The queued request itself could not be read. */
  UNREADABLE_REQUEST,
  /** No worker started the job within the queue timeout. */
  EXPIRED_IN_QUEUE,
  /** The job's {@code Cancel-After} deadline passed before it finished: CANCELED. */
  DEADLINE_EXCEEDED,
  /** No worker started the job within its {@code Start-Within} limit: CANCELED. */
  NOT_STARTED_IN_TIME;

  /** The API's spelling: lower case with hyphens. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
