// One KafkaProducer behind a handle, with what the outcome of its sends depends on: transactional or not, acks,
// retries, and its retry/split counters (producer-metrics record-retry-total, batch-split-total), read around each
// send to tell whether the record can have been sent more than once.
package faultline.driver.kafka;

import faultline.driver.dispatch.Lane;
import faultline.driver.dispatch.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

final class ProducerSession implements Session {
    static final String METRIC_GROUP = "producer-metrics";

    final KafkaProducer<String, String> producer;
    final boolean transactional;
    final boolean idempotent;
    final boolean acksAll;
    final String acks;
    final int configuredRetries;
    private final Lane lane;
    private final Metric retryTotal;
    private final Metric splitTotal;
    private final Set<SendTracker> inFlight = new HashSet<>();

    ProducerSession(Properties props, Executor pool) {
        ProducerConfig effective = new ProducerConfig(props);
        this.transactional = effective.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null;
        this.idempotent = effective.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        // ProducerConfig stores acks=all as "-1".
        String acks = effective.getString(ProducerConfig.ACKS_CONFIG);
        this.acks = acks.equals("-1") ? "all" : acks;
        this.acksAll = this.acks.equals("all");
        this.configuredRetries = effective.getInt(ProducerConfig.RETRIES_CONFIG);
        this.producer = new KafkaProducer<>(props);
        this.lane = new Lane(pool);
        this.retryTotal = metric("record-retry-total");
        this.splitTotal = metric("batch-split-total");
    }

    @Override
    public String kind() {
        return "producer";
    }

    @Override
    public Lane lane() {
        return lane;
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    /** Hands the record to the producer (on the lane); the future completes when Kafka completes the record. */
    CompletableFuture<Map<String, Object>> send(ProducerRecord<String, String> record) {
        SendTracker tracker = new SendTracker(this, counter(retryTotal), counter(splitTotal));
        synchronized (inFlight) {
            if (!inFlight.isEmpty()) {
                tracker.overlapped = true;
                for (SendTracker other : inFlight) other.overlapped = true;
            }
            inFlight.add(tracker);
        }
        try {
            producer.send(record, tracker);
        } catch (RuntimeException e) {
            tracker.onCompletion(null, e);
        } finally {
            tracker.returned = true;
        }
        return tracker.result;
    }

    /** Removes a completed send; returns whether another send of this producer was in flight during it. */
    boolean finished(SendTracker tracker) {
        synchronized (inFlight) {
            inFlight.remove(tracker);
            return tracker.overlapped;
        }
    }

    double retryCount() {
        return counter(retryTotal);
    }

    double splitCount() {
        return counter(splitTotal);
    }

    /** Numeric metrics of the producer-metrics group, by name (all of `names` that exist). */
    Map<String, Object> metrics(Iterable<String> names) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names) {
            Metric m = metric(name);
            if (m != null && m.metricValue() instanceof Number) out.put(name, m.metricValue());
        }
        return out;
    }

    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("transactional", transactional);
        out.put("idempotent", idempotent);
        out.put("acks", acks);
        out.put("retries", configuredRetries);
        out.put("transactionV2", transactionV2());
        return out;
    }

    /**
     * Whether the client runs transactions with KIP-890 part 2 (TV2): TransactionManager.isTransactionV2Enabled()
     * of kafka-clients 4.x, read by reflection (not public API); null on clients without it or when not transactional.
     */
    Boolean transactionV2() {
        try {
            Field field = KafkaProducer.class.getDeclaredField("transactionManager");
            field.setAccessible(true);
            Object manager = field.get(producer);
            if (manager == null) return null;
            Method method = manager.getClass().getMethod("isTransactionV2Enabled");
            return (Boolean) method.invoke(manager);
        } catch (ReflectiveOperationException | RuntimeException absent) {
            return null;
        }
    }

    private Metric metric(String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().group().equals(METRIC_GROUP) && e.getKey().name().equals(name) && e.getKey().tags().keySet().equals(Set.of("client-id"))) return e.getValue();
        }
        return null;
    }

    private static double counter(Metric m) {
        Object v = m == null ? null : m.metricValue();
        return v instanceof Number ? ((Number) v).doubleValue() : 0;
    }

    static Map<String, Object> result(RecordMetadata md, Integer attempts, long retriesDuringSend) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", md.topic());
        out.put("partition", md.partition());
        out.put("offset", md.hasOffset() ? md.offset() : null);
        out.put("timestamp", md.hasTimestamp() ? md.timestamp() : null);
        out.put("attempts", attempts);
        out.put("retriesDuringSend", retriesDuringSend);
        return out;
    }
}
