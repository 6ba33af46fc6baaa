// producer.* operations. Every call on a producer runs on its lane, so a process's sends and transaction calls reach
// KafkaProducer in the order they were requested; a send frees the lane as soon as KafkaProducer.send returns.
package faultline.driver.kafka;

import faultline.driver.dispatch.Handles;
import faultline.driver.dispatch.Operations;
import faultline.driver.outcome.OpKind;
import faultline.driver.protocol.Args;
import faultline.driver.protocol.BadRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

public final class ProducerOps {
    /** What producer.metrics returns when no names are asked for: the counters that reveal resends and errors. */
    static final List<String> DEFAULT_METRICS = List.of(
        "record-send-total", "record-retry-total", "record-error-total", "batch-split-total", "request-total", "response-total");

    private final Handles handles;
    private final Executor pool;

    public ProducerOps(Handles handles, Executor pool) {
        this.handles = handles;
        this.pool = pool;
    }

    public void register(Operations ops) {
        ops.add("producer.open", OpKind.LOCAL, this::open)
            .add("producer.send", OpKind.SEND, this::send)
            .add("producer.flush", OpKind.MUTATION, a -> onLane(a, p -> {
                p.producer.flush();
                return Map.of();
            }))
            .add("producer.initTransactions", OpKind.MUTATION, a -> onLane(a, p -> {
                p.producer.initTransactions();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("transactionV2", p.transactionV2());
                return out;
            }))
            .add("producer.beginTransaction", OpKind.LOCAL, a -> onLane(a, p -> {
                p.producer.beginTransaction();
                return Map.of();
            }))
            .add("producer.sendOffsetsToTransaction", OpKind.MUTATION, this::sendOffsets)
            .add("producer.commitTransaction", OpKind.COMMIT, a -> onLane(a, p -> {
                p.producer.commitTransaction();
                return Map.of();
            }))
            .add("producer.abortTransaction", OpKind.ABORT, a -> onLane(a, p -> {
                p.producer.abortTransaction();
                return Map.of();
            }))
            .add("producer.metrics", OpKind.READ, this::metrics)
            .add("producer.info", OpKind.READ, a -> onLane(a, ProducerSession::describe));
    }

    private CompletableFuture<?> open(Args args) throws BadRequest {
        Properties props = ClientConfigs.producer(args.object("config"));
        return CompletableFuture.supplyAsync(() -> {
            ProducerSession session = new ProducerSession(props, pool);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("handle", handles.add(session));
            out.putAll(session.describe());
            return out;
        }, pool);
    }

    private CompletableFuture<?> send(Args args) throws BadRequest {
        ProducerSession session = handles.get(args, ProducerSession.class);
        Integer partition = args.optInt("partition");
        ProducerRecord<String, String> record = new ProducerRecord<>(args.string("topic"), partition, args.optLong("timestamp"), args.optString("key"), args.optString("value"));
        return session.lane().callAsync(() -> session.send(record));
    }

    /**
     * Offsets committed with the transaction for the group of the consumer `consumer` (KIP-447: the consumer's group
     * metadata lets the coordinator fence zombies by generation; a consumer that only assigns partitions still needs
     * a group.id, and then has generation -1).
     */
    private CompletableFuture<?> sendOffsets(Args args) throws BadRequest {
        ProducerSession session = handles.get(args, ProducerSession.class);
        Map<TopicPartition, OffsetAndMetadata> offsets = Wire.offsets(args, "offsets");
        ConsumerSession consumer = handles.get(args.string("consumer"), ConsumerSession.class);
        // KafkaConsumer is single-threaded: read its group metadata on its own lane; the producer's lane keeps its
        // order by waiting for it there.
        CompletableFuture<ConsumerGroupMetadata> group = consumer.lane().call(consumer.consumer::groupMetadata);
        return session.lane().call(() -> {
            session.producer.sendOffsetsToTransaction(offsets, group.join());
            return Map.of();
        });
    }

    private CompletableFuture<?> metrics(Args args) throws BadRequest {
        ProducerSession session = handles.get(args, ProducerSession.class);
        List<String> names = args.has("names") ? args.strings("names") : DEFAULT_METRICS;
        // Metric reads are thread-safe: off the lane, so they do not queue behind a blocked transaction call.
        return CompletableFuture.supplyAsync(() -> Map.of("metrics", session.metrics(names)), pool);
    }

    @FunctionalInterface
    private interface ProducerCall {
        Object run(ProducerSession session) throws Exception;
    }

    private CompletableFuture<?> onLane(Args args, ProducerCall call) throws BadRequest {
        ProducerSession session = handles.get(args, ProducerSession.class);
        return session.lane().call(() -> call.run(session));
    }
}
