package dev.avatar4d.gateway.outbox;

/** One outbox row: a Kafka record waiting to be (or already) published. */
public record OutboxRow(long id, String topic, String key, String payload) {}
