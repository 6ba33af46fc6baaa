// Conversions between protocol JSON and kafka-clients types. A partition is {"topic": "t", "partition": 0}.
package faultline.driver.kafka;

import faultline.driver.protocol.Args;
import faultline.driver.protocol.BadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

final class Wire {
    private Wire() {
    }

    static TopicPartition partition(Args a) throws BadRequest {
        return new TopicPartition(a.string("topic"), a.intValue("partition"));
    }

    static List<TopicPartition> partitions(Args args, String name) throws BadRequest {
        List<TopicPartition> out = new ArrayList<>();
        for (Args a : args.objects(name)) out.add(partition(a));
        return out;
    }

    /** [{topic, partition, offset, leaderEpoch?, metadata?}] → offsets to commit (the next offset to read). */
    static Map<TopicPartition, OffsetAndMetadata> offsets(Args args, String name) throws BadRequest {
        Map<TopicPartition, OffsetAndMetadata> out = new LinkedHashMap<>();
        for (Args a : args.objects(name)) {
            Integer epoch = a.optInt("leaderEpoch");
            out.put(partition(a), new OffsetAndMetadata(a.longValue("offset"), Optional.ofNullable(epoch), a.optString("metadata") == null ? "" : a.optString("metadata")));
        }
        return out;
    }

    static IsolationLevel isolation(Args args) throws BadRequest {
        String level = args.optString("isolation");
        if (level == null || level.equals("read_uncommitted")) return IsolationLevel.READ_UNCOMMITTED;
        if (level.equals("read_committed")) return IsolationLevel.READ_COMMITTED;
        throw new BadRequest(args.path() + ".isolation: expected read_committed or read_uncommitted");
    }

    static Map<String, Object> partition(TopicPartition tp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", tp.topic());
        m.put("partition", tp.partition());
        return m;
    }

    static Map<String, Object> partitionWith(TopicPartition tp, String key, Object value) {
        Map<String, Object> m = partition(tp);
        m.put(key, value);
        return m;
    }

    static List<Map<String, Object>> partitionList(Iterable<TopicPartition> tps) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TopicPartition tp : tps) out.add(partition(tp));
        return out;
    }

    static Map<String, Object> record(ConsumerRecord<String, String> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", r.topic());
        m.put("partition", r.partition());
        m.put("offset", r.offset());
        m.put("key", r.key());
        m.put("value", r.value());
        m.put("timestamp", r.timestamp());
        m.put("leaderEpoch", r.leaderEpoch());
        return m;
    }

    static Map<String, Object> node(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("host", n.host());
        m.put("port", n.port());
        m.put("rack", n.rack());
        return m;
    }

    /** Node ids of a replica list (Node.noNode() is -1). */
    static List<Integer> ids(List<Node> nodes) {
        List<Integer> out = new ArrayList<>();
        if (nodes != null) for (Node n : nodes) out.add(n.id());
        return out;
    }
}
