// consumer.* operations, each run on the consumer's lane. Reads change nothing in the cluster: their errors are
// `fail`; commitSync is a write (see OutcomeRules).
package faultline.driver.kafka;

import faultline.driver.dispatch.Handles;
import faultline.driver.dispatch.Operations;
import faultline.driver.outcome.OpKind;
import faultline.driver.protocol.Args;
import faultline.driver.protocol.BadRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

public final class ConsumerOps {
    static final long DEFAULT_TIMEOUT_MS = 5000;

    private final Handles handles;
    private final Executor pool;

    public ConsumerOps(Handles handles, Executor pool) {
        this.handles = handles;
        this.pool = pool;
    }

    public void register(Operations ops) {
        ops.add("consumer.open", OpKind.LOCAL, this::open)
            .add("consumer.assign", OpKind.LOCAL, a -> {
                List<TopicPartition> partitions = Wire.partitions(a, "partitions");
                return onLane(a, c -> {
                    c.assign(partitions);
                    return assignment(c);
                });
            })
            .add("consumer.subscribe", OpKind.LOCAL, a -> {
                List<String> topics = a.strings("topics");
                ConsumerSession session = handles.get(a, ConsumerSession.class);
                return session.lane().call(() -> {
                    session.consumer.subscribe(topics, session.rebalanceListener);
                    return Map.of();
                });
            })
            .add("consumer.unsubscribe", OpKind.LOCAL, a -> onLane(a, c -> {
                c.unsubscribe();
                return Map.of();
            }))
            .add("consumer.assignment", OpKind.READ, a -> onLane(a, ConsumerOps::assignment))
            .add("consumer.seek", OpKind.LOCAL, a -> {
                TopicPartition tp = Wire.partition(a);
                long offset = a.longValue("offset");
                return onLane(a, c -> {
                    c.seek(tp, offset);
                    return Map.of();
                });
            })
            .add("consumer.seekToBeginning", OpKind.LOCAL, a -> {
                List<TopicPartition> partitions = Wire.partitions(a, "partitions");
                return onLane(a, c -> {
                    c.seekToBeginning(partitions);
                    return Map.of();
                });
            })
            .add("consumer.poll", OpKind.READ, a -> {
                Duration timeout = Duration.ofMillis(a.optLong("timeoutMs", 100));
                ConsumerSession session = handles.get(a, ConsumerSession.class);
                return session.lane().call(() -> poll(session, timeout));
            })
            .add("consumer.position", OpKind.READ, a -> {
                TopicPartition tp = Wire.partition(a);
                Duration timeout = timeout(a);
                return onLane(a, c -> Map.of("offset", c.position(tp, timeout)));
            })
            .add("consumer.committed", OpKind.READ, a -> {
                List<TopicPartition> partitions = Wire.partitions(a, "partitions");
                Duration timeout = timeout(a);
                return onLane(a, c -> committed(c.committed(new HashSet<>(partitions), timeout), partitions));
            })
            .add("consumer.endOffsets", OpKind.READ, a -> {
                List<TopicPartition> partitions = Wire.partitions(a, "partitions");
                Duration timeout = timeout(a);
                return onLane(a, c -> offsets(c.endOffsets(partitions, timeout)));
            })
            .add("consumer.beginningOffsets", OpKind.READ, a -> {
                List<TopicPartition> partitions = Wire.partitions(a, "partitions");
                Duration timeout = timeout(a);
                return onLane(a, c -> offsets(c.beginningOffsets(partitions, timeout)));
            })
            .add("consumer.commitSync", OpKind.MUTATION, a -> {
                Map<TopicPartition, OffsetAndMetadata> offsets = a.has("offsets") ? Wire.offsets(a, "offsets") : null;
                Duration timeout = timeout(a);
                return onLane(a, c -> {
                    if (offsets == null) c.commitSync(timeout);
                    else c.commitSync(offsets, timeout);
                    return Map.of();
                });
            })
            .add("consumer.groupMetadata", OpKind.READ, a -> onLane(a, c -> group(c.groupMetadata())));
    }

    private CompletableFuture<?> open(Args args) throws BadRequest {
        Properties props = ClientConfigs.consumer(args.object("config"));
        return CompletableFuture.supplyAsync(() -> Map.of("handle", handles.add(new ConsumerSession(props, pool))), pool);
    }

    @FunctionalInterface
    private interface ConsumerCall {
        Object run(KafkaConsumer<String, String> consumer) throws Exception;
    }

    private CompletableFuture<?> onLane(Args args, ConsumerCall call) throws BadRequest {
        ConsumerSession session = handles.get(args, ConsumerSession.class);
        return session.lane().call(() -> call.run(session.consumer));
    }

    private static Duration timeout(Args args) throws BadRequest {
        return Duration.ofMillis(args.optLong("timeoutMs", DEFAULT_TIMEOUT_MS));
    }

    /** One poll: the records, then the position of every assigned partition that has one (a read_committed poll
     *  moves past aborted records and transaction markers, so positions are not the last offset + 1), then the
     *  partitions a group rebalance assigned during the poll (their positions restarted at the committed offsets). */
    private static Map<String, Object> poll(ConsumerSession session, Duration timeout) {
        KafkaConsumer<String, String> c = session.consumer;
        ConsumerRecords<String, String> records = c.poll(timeout);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) out.add(Wire.record(r));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", out);
        result.put("positions", positions(c));
        result.put("assigned", Wire.partitionList(session.drainAssignedByGroup()));
        return result;
    }

    private static List<Map<String, Object>> positions(KafkaConsumer<String, String> c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TopicPartition tp : c.assignment()) {
            try {
                out.add(Wire.partitionWith(tp, "offset", c.position(tp, Duration.ZERO)));
            } catch (TimeoutException noPositionYet) {
                // Not known without asking the cluster; the next poll will.
            }
        }
        return out;
    }

    private static Map<String, Object> assignment(KafkaConsumer<String, String> c) {
        return Map.of("partitions", Wire.partitionList(c.assignment()));
    }

    private static Map<String, Object> committed(Map<TopicPartition, OffsetAndMetadata> committed, List<TopicPartition> asked) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TopicPartition tp : asked) {
            OffsetAndMetadata o = committed.get(tp);
            Map<String, Object> m = Wire.partitionWith(tp, "offset", o == null ? null : o.offset());
            m.put("leaderEpoch", o == null ? null : o.leaderEpoch().orElse(null));
            m.put("metadata", o == null ? null : o.metadata());
            out.add(m);
        }
        return Map.of("offsets", out);
    }

    private static Map<String, Object> offsets(Map<TopicPartition, Long> offsets) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) out.add(Wire.partitionWith(e.getKey(), "offset", e.getValue()));
        return Map.of("offsets", out);
    }

    static Map<String, Object> group(ConsumerGroupMetadata g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groupId", g.groupId());
        out.put("generationId", g.generationId());
        out.put("memberId", g.memberId());
        out.put("groupInstanceId", g.groupInstanceId());
        return out;
    }
}
