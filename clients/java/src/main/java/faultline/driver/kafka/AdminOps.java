// admin.* operations: topics (create, describe with leader, ISR, ELR and optionally leader epochs), offsets, leader
// elections, the KRaft quorum, the cluster and its finalized features, and a group's committed offsets.
// Per-item failures (one topic of several, one partition of an election) are reported inside the result, each with
// its own error object, rather than failing the whole request.
package faultline.driver.kafka;

import faultline.driver.dispatch.Handles;
import faultline.driver.dispatch.Operations;
import faultline.driver.outcome.ErrorReport;
import faultline.driver.outcome.OpKind;
import faultline.driver.outcome.OutcomeRules;
import faultline.driver.protocol.Args;
import faultline.driver.protocol.BadRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

public final class AdminOps {
    private final Handles handles;
    private final Executor pool;

    public AdminOps(Handles handles, Executor pool) {
        this.handles = handles;
        this.pool = pool;
    }

    public void register(Operations ops) {
        ops.add("admin.open", OpKind.LOCAL, this::open)
            .add("admin.createTopics", OpKind.MUTATION, this::createTopics)
            .add("admin.describeTopics", OpKind.READ, this::describeTopics)
            .add("admin.listOffsets", OpKind.READ, this::listOffsets)
            .add("admin.electLeaders", OpKind.MUTATION, this::electLeaders)
            .add("admin.describeCluster", OpKind.READ, this::describeCluster)
            .add("admin.describeQuorum", OpKind.READ, a -> call(a, admin -> stage(admin.describeMetadataQuorum().quorumInfo()).thenApply(AdminOps::quorum)))
            .add("admin.describeFeatures", OpKind.READ, a -> call(a, admin -> stage(admin.describeFeatures().featureMetadata()).thenApply(AdminOps::features)))
            .add("admin.listConsumerGroupOffsets", OpKind.READ, this::groupOffsets);
    }

    private CompletableFuture<?> open(Args args) throws BadRequest {
        Properties props = ClientConfigs.admin(args.object("config"));
        return CompletableFuture.supplyAsync(() -> Map.of("handle", handles.add(new AdminSession(props, pool))), pool);
    }

    @FunctionalInterface
    private interface AdminCall {
        CompletionStage<?> run(Admin admin) throws Exception;
    }

    private CompletableFuture<?> call(Args args, AdminCall call) throws BadRequest {
        AdminSession session = handles.get(args, AdminSession.class);
        return session.lane().callAsync(() -> call.run(session.admin));
    }

    private static <T> CompletionStage<T> stage(KafkaFuture<T> future) {
        return future.toCompletionStage();
    }

    /** {topics: [{name, partitions, replicationFactor, configs?}]} → {topics: [{name, error?}]}. */
    private CompletableFuture<?> createTopics(Args args) throws BadRequest {
        List<NewTopic> topics = new ArrayList<>();
        for (Args t : args.objects("topics")) {
            NewTopic topic = new NewTopic(t.string("name"), Optional.ofNullable(t.optInt("partitions")), Optional.ofNullable(t.optInt("replicationFactor")).map(Integer::shortValue));
            topic.configs(t.object("configs").stringMap());
            topics.add(topic);
        }
        CreateTopicsOptions options = new CreateTopicsOptions().timeoutMs(args.optInt("timeoutMs", 30_000));
        return call(args, admin -> {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics, options).values();
            List<CompletableFuture<Map<String, Object>>> each = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e : results.entrySet()) {
                Map<String, Object> name = Map.of("name", e.getKey());
                each.add(itemResult(e.getValue(), OpKind.MUTATION, created -> name, name));
            }
            return all(each).thenApply(list -> Map.of("topics", list));
        });
    }

    /** {topics, leaderEpochs?} → {topics: [{name, topicId, internal, partitions: [{partition, leader, replicas, isr, elr, lastKnownElr, leaderEpoch?}]}]}. */
    private CompletableFuture<?> describeTopics(Args args) throws BadRequest {
        List<String> names = args.strings("topics");
        boolean withEpochs = args.optBoolean("leaderEpochs", false);
        return call(args, admin -> stage(admin.describeTopics(names).allTopicNames()).thenCompose(descriptions -> {
            if (!withEpochs) return CompletableFuture.completedFuture(topics(descriptions, Map.of(), false));
            Set<TopicPartition> partitions = new HashSet<>();
            for (TopicDescription d : descriptions.values()) for (TopicPartitionInfo p : d.partitions()) partitions.add(new TopicPartition(d.name(), p.partition()));
            return leaderEpochs(admin, partitions).thenApply(epochs -> topics(descriptions, epochs, true));
        }));
    }

    /**
     * The current leader epoch of each partition, from ListOffsets(latest) to its leader, which answers with its own
     * epoch (Partition.fetchOffsetForTimestamp); a partition that does not answer is left out.
     */
    private static CompletableFuture<Map<TopicPartition, Integer>> leaderEpochs(Admin admin, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) latest.put(tp, OffsetSpec.latest());
        ListOffsetsResult result = admin.listOffsets(latest);
        Map<TopicPartition, Integer> epochs = new ConcurrentHashMap<>();
        List<CompletableFuture<Object>> each = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            each.add(stage(result.partitionResult(tp)).toCompletableFuture().handle((info, error) -> {
                if (error == null && info.leaderEpoch().isPresent()) epochs.put(tp, info.leaderEpoch().get());
                return null;
            }));
        }
        return CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0])).thenApply(done -> epochs);
    }

    private static Map<String, Object> topics(Map<String, TopicDescription> descriptions, Map<TopicPartition, Integer> epochs, boolean withEpochs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TopicDescription d : descriptions.values()) {
            Map<String, Object> topic = new LinkedHashMap<>();
            topic.put("name", d.name());
            topic.put("topicId", d.topicId() == null ? null : d.topicId().toString());
            topic.put("internal", d.isInternal());
            List<Map<String, Object>> partitions = new ArrayList<>();
            for (TopicPartitionInfo p : d.partitions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("partition", p.partition());
                m.put("leader", p.leader() == null ? -1 : p.leader().id());
                m.put("replicas", Wire.ids(p.replicas()));
                m.put("isr", Wire.ids(p.isr()));
                m.put("elr", Wire.ids(p.elr()));
                m.put("lastKnownElr", Wire.ids(p.lastKnownElr()));
                if (withEpochs) m.put("leaderEpoch", epochs.get(new TopicPartition(d.name(), p.partition())));
                partitions.add(m);
            }
            topic.put("partitions", partitions);
            out.add(topic);
        }
        return Map.of("topics", out);
    }

    /**
     * {partitions, spec: "earliest" | "latest" | "maxTimestamp" | <timestamp ms>, isolation?} →
     * {offsets: [{topic, partition, offset, timestamp, leaderEpoch} | {topic, partition, error}]}.
     */
    private CompletableFuture<?> listOffsets(Args args) throws BadRequest {
        List<TopicPartition> partitions = Wire.partitions(args, "partitions");
        OffsetSpec spec = offsetSpec(args);
        IsolationLevel isolation = Wire.isolation(args);
        return call(args, admin -> {
            Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) request.put(tp, spec);
            ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions(isolation));
            List<CompletableFuture<Map<String, Object>>> each = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                each.add(itemResult(result.partitionResult(tp), OpKind.READ, info -> {
                    Map<String, Object> m = Wire.partitionWith(tp, "offset", info.offset());
                    m.put("timestamp", info.timestamp());
                    m.put("leaderEpoch", info.leaderEpoch());
                    return m;
                }, Wire.partition(tp)));
            }
            return all(each).thenApply(list -> Map.of("offsets", list));
        });
    }

    private static OffsetSpec offsetSpec(Args args) throws BadRequest {
        if (args.has("timestamp")) return OffsetSpec.forTimestamp(args.longValue("timestamp"));
        String spec = args.optString("spec");
        if (spec == null || spec.equals("latest")) return OffsetSpec.latest();
        if (spec.equals("earliest")) return OffsetSpec.earliest();
        if (spec.equals("maxTimestamp")) return OffsetSpec.maxTimestamp();
        throw new BadRequest(args.path() + ".spec: expected latest, earliest or maxTimestamp (or give timestamp)");
    }

    /** {electionType: "preferred" | "unclean", partitions?} → {partitions: [{topic, partition, error?}]}. */
    private CompletableFuture<?> electLeaders(Args args) throws BadRequest {
        String type = args.string("electionType");
        ElectionType election;
        if (type.equals("preferred")) election = ElectionType.PREFERRED;
        else if (type.equals("unclean")) election = ElectionType.UNCLEAN;
        else throw new BadRequest(args.path() + ".electionType: expected preferred or unclean");
        Set<TopicPartition> partitions = args.has("partitions") ? new HashSet<>(Wire.partitions(args, "partitions")) : null;
        return call(args, admin -> stage(admin.electLeaders(election, partitions).partitions()).thenApply(results -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map.Entry<TopicPartition, Optional<Throwable>> e : results.entrySet()) {
                Map<String, Object> m = Wire.partition(e.getKey());
                e.getValue().ifPresent(error -> m.put("error", ErrorReport.of(error, OutcomeRules.classify(OpKind.MUTATION, error))));
                out.add(m);
            }
            return Map.of("partitions", out);
        }));
    }

    private CompletableFuture<?> describeCluster(Args args) throws BadRequest {
        return call(args, admin -> {
            DescribeClusterResult r = admin.describeCluster();
            CompletableFuture<String> id = stage(r.clusterId()).toCompletableFuture();
            CompletableFuture<Node> controller = stage(r.controller()).toCompletableFuture();
            return stage(r.nodes()).thenCombine(id, (nodes, clusterId) -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("clusterId", clusterId);
                List<Map<String, Object>> list = new ArrayList<>();
                for (Node n : nodes) list.add(Wire.node(n));
                out.put("nodes", list);
                return out;
            }).thenCombine(controller, (out, c) -> {
                out.put("controller", c == null || c.isEmpty() ? null : c.id());
                return out;
            });
        });
    }

    private static Map<String, Object> quorum(QuorumInfo q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("leaderId", q.leaderId());
        out.put("leaderEpoch", q.leaderEpoch());
        out.put("highWatermark", q.highWatermark());
        out.put("voters", replicas(q.voters()));
        out.put("observers", replicas(q.observers()));
        return out;
    }

    private static List<Map<String, Object>> replicas(List<QuorumInfo.ReplicaState> states) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (QuorumInfo.ReplicaState r : states) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("replicaId", r.replicaId());
            m.put("logEndOffset", r.logEndOffset());
            m.put("lastFetchTimestamp", r.lastFetchTimestamp());
            m.put("lastCaughtUpTimestamp", r.lastCaughtUpTimestamp());
            out.add(m);
        }
        return out;
    }

    /** {finalized: {name: {min, max}}, finalizedEpoch, supported: {name: {min, max}}}. */
    private static Map<String, Object> features(FeatureMetadata f) {
        Map<String, Object> finalized = new LinkedHashMap<>();
        for (Map.Entry<String, FinalizedVersionRange> e : f.finalizedFeatures().entrySet()) {
            finalized.put(e.getKey(), Map.of("min", e.getValue().minVersionLevel(), "max", e.getValue().maxVersionLevel()));
        }
        Map<String, Object> supported = new LinkedHashMap<>();
        for (Map.Entry<String, SupportedVersionRange> e : f.supportedFeatures().entrySet()) {
            supported.put(e.getKey(), Map.of("min", e.getValue().minVersion(), "max", e.getValue().maxVersion()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("finalized", finalized);
        out.put("finalizedEpoch", f.finalizedFeaturesEpoch());
        out.put("supported", supported);
        return out;
    }

    /** {groupId, partitions?, requireStable?} → {offsets: [{topic, partition, offset, leaderEpoch, metadata}]}. */
    private CompletableFuture<?> groupOffsets(Args args) throws BadRequest {
        String groupId = args.string("groupId");
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec();
        if (args.has("partitions")) spec.topicPartitions(Wire.partitions(args, "partitions"));
        ListConsumerGroupOffsetsOptions options = new ListConsumerGroupOffsetsOptions().requireStable(args.optBoolean("requireStable", false));
        return call(args, admin -> stage(admin.listConsumerGroupOffsets(Map.of(groupId, spec), options).partitionsToOffsetAndMetadata(groupId)).thenApply(offsets -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                OffsetAndMetadata o = e.getValue();
                Map<String, Object> m = Wire.partitionWith(e.getKey(), "offset", o == null ? null : o.offset());
                m.put("leaderEpoch", o == null ? null : o.leaderEpoch().orElse(null));
                m.put("metadata", o == null ? null : o.metadata());
                out.add(m);
            }
            return Map.of("offsets", out);
        }));
    }

    @FunctionalInterface
    private interface ItemFormat<T> {
        Map<String, Object> format(T value);
    }

    /** One item's result, or its identity with an `error` object: an item's failure does not fail the request. */
    private static <T> CompletableFuture<Map<String, Object>> itemResult(KafkaFuture<T> future, OpKind kind, ItemFormat<T> format, Map<String, Object> identity) {
        return stage(future).toCompletableFuture().handle((value, error) -> {
            if (error == null) return format.format(value);
            Map<String, Object> m = new LinkedHashMap<>(identity);
            m.put("error", ErrorReport.of(error, OutcomeRules.classify(kind, error)));
            return m;
        });
    }

    private static CompletableFuture<List<Map<String, Object>>> all(List<CompletableFuture<Map<String, Object>>> each) {
        return CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (CompletableFuture<Map<String, Object>> f : each) out.add(f.join());
            return out;
        });
    }
}
