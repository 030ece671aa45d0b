/**
 * The GPU worker: takes jobs from Kafka, runs Portrait4D-v2 through the {@code synthesizer} module,
 * stores every output in the object store and reports facts on {@code avatar.job-events}.
 *
 * <p>Workers need only Kafka and the object store; they never open a database connection. Jobs are
 * taken through a Kafka share group (KIP-932), so any idle worker takes the next queued job
 * whatever partition it sits on: there is no head-of-line blocking behind a long job. See {@link
 * dev.avatar4d.worker.queue.JobLoop}.
 */
package dev.avatar4d.worker;
