/**
 * The contract between gateway and workers: what travels on Kafka, in which JSON form, and the one
 * job state machine that everybody obeys.
 *
 * <p>Records here are immutable and validate themselves in their compact constructors, so a value
 * that exists is a valid value. {@link dev.avatar4d.protocol.Json} is the only JSON codec; unknown
 * properties are ignored so that a newer producer does not break an older consumer.
 */
package dev.avatar4d.protocol;
