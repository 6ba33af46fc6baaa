// Java exception → history outcome. `fail` only when the operation provably had no effect; otherwise `info`.
// The table, with the reasons, is in systems/kafka/java-client/README.md; it follows kafka-clients' produce path
// (KafkaProducer.doSend, Sender.completeBatch/failExpiredBatches, TransactionManager) and the broker's
// (ReplicaManager.appendToLocalLog, Partition.appendRecordsToLeader, DelayedProduce), 3.9 to 4.x.
package faultline.driver.outcome;

import faultline.driver.protocol.BadRequest;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;

public final class OutcomeRules {
    private OutcomeRules() {
    }

    /**
     * Produce errors the broker returns only before appending, whatever the acks: the leader validates the batch, the
     * ISR size (NOT_ENOUGH_REPLICAS) and the producer state before it writes. Names, not enum constants, so that
     * codes newer than the 3.9 client (TRANSACTION_ABORTABLE) compile.
     */
    static final Set<String> PRODUCE_REJECTED_BEFORE_APPEND = Set.of(
        "MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE", "CORRUPT_MESSAGE", "INVALID_RECORD", "INVALID_TIMESTAMP",
        "NOT_ENOUGH_REPLICAS", "INVALID_REQUIRED_ACKS", "INVALID_TOPIC_EXCEPTION",
        "TOPIC_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED", "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
        "UNSUPPORTED_VERSION", "UNSUPPORTED_FOR_MESSAGE_FORMAT", "UNSUPPORTED_COMPRESSION_TYPE",
        "INVALID_PRODUCER_EPOCH", "PRODUCER_FENCED", "OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID",
        "INVALID_PRODUCER_ID_MAPPING", "INVALID_TXN_STATE", "TRANSACTION_ABORTABLE");

    /**
     * Produce errors that come before the append when the leader answers at once (acks=0/1), but that a produce
     * waiting in purgatory for acks=all is also answered with after the leader appended: the leader lost leadership
     * (NOT_LEADER_OR_FOLLOWER) or stopped hosting the partition (UNKNOWN_TOPIC_OR_PARTITION) meanwhile.
     */
    static final Set<String> PRODUCE_REJECTED_BEFORE_APPEND_UNLESS_ACKS_ALL = Set.of(
        "NOT_LEADER_OR_FOLLOWER", "UNKNOWN_TOPIC_OR_PARTITION");

    /** Broker answers to admin and group requests that mean "refused, nothing changed". */
    static final Set<String> MUTATION_REFUSED = Set.of(
        "TOPIC_ALREADY_EXISTS", "INVALID_REPLICATION_FACTOR", "INVALID_PARTITIONS", "INVALID_REPLICA_ASSIGNMENT",
        "INVALID_TOPIC_EXCEPTION", "INVALID_CONFIG", "INVALID_REQUEST", "POLICY_VIOLATION", "UNSUPPORTED_VERSION",
        "TOPIC_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED", "GROUP_AUTHORIZATION_FAILED",
        "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", "UNKNOWN_TOPIC_OR_PARTITION", "ELECTION_NOT_NEEDED",
        "ELIGIBLE_LEADERS_NOT_AVAILABLE", "PREFERRED_LEADER_NOT_AVAILABLE", "REBALANCE_IN_PROGRESS",
        "ILLEGAL_GENERATION", "UNKNOWN_MEMBER_ID", "FENCED_INSTANCE_ID", "INVALID_COMMIT_OFFSET_SIZE",
        "OFFSET_METADATA_TOO_LARGE");

    /** Outcome of a failed request of the given kind (producer.send goes through classifySend instead). */
    public static Outcome classify(OpKind kind, Throwable error) {
        Throwable e = Causes.unwrap(error);
        if (e instanceof ClassifiedFailure) return ((ClassifiedFailure) e).outcome;
        if (e instanceof BadRequest) return Outcome.FAIL;
        switch (kind) {
            case READ:
            case LOCAL:
                return Outcome.FAIL;
            case MUTATION:
                return refusedByClient(e) || refusedByBroker(e) || isCommitFailed(e) ? Outcome.FAIL : Outcome.INFO;
            case COMMIT:
                return refusedBeforeEndTxn(e) ? Outcome.FAIL : Outcome.INFO;
            case ABORT:
            case SEND:
            default:
                return Outcome.INFO;
        }
    }

    /** Outcome of a failed producer.send. */
    public static Outcome classifySend(Throwable error, SendFacts facts) {
        Throwable e = Causes.unwrap(error);
        if (e instanceof BadRequest) return Outcome.FAIL;
        // Transactional sends: a record rejected by TransactionManager.maybeAddPartition is already in the
        // accumulator, and a later transaction adding the partition can drain it. The transaction's commit or abort
        // decides whether its records took effect.
        if (facts.transactional) return Outcome.INFO;
        // KafkaProducer.doSend reports every error raised before RecordAccumulator.append (closed producer,
        // metadata wait past max.block.ms, serialization, record too large, buffer exhausted) before send()
        // returns; after the append it only completes through the batch.
        if (facts.rejectedBeforeQueue) return Outcome.FAIL;
        // Batch expiry ("Expiring N record(s) ... has passed since batch creation") covers batches never drained
        // and batches in flight alike; a client-side request timeout disconnects after sending.
        if (e instanceof TimeoutException) return Outcome.INFO;
        String code = kafkaError(e);
        if (code == null || !facts.singleAttempt) return Outcome.INFO;
        if (PRODUCE_REJECTED_BEFORE_APPEND.contains(code)) return Outcome.FAIL;
        if (PRODUCE_REJECTED_BEFORE_APPEND_UNLESS_ACKS_ALL.contains(code) && !facts.acksAll) return Outcome.FAIL;
        return Outcome.INFO;
    }

    /** The Errors enum name of the first ApiException in the cause chain, or null when there is none. */
    public static String kafkaError(Throwable error) {
        for (Throwable t : Causes.chain(error)) {
            if (t instanceof ApiException) {
                Errors code = Errors.forException(t);
                return code == Errors.UNKNOWN_SERVER_ERROR && !"UnknownServerException".equals(t.getClass().getSimpleName()) ? null : code.name();
            }
        }
        return null;
    }

    /** The client refused the call itself: bad arguments, wrong state, invalid config. */
    private static boolean refusedByClient(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof ConfigException;
    }

    private static boolean refusedByBroker(Throwable e) {
        String code = kafkaError(e);
        return code != null && MUTATION_REFUSED.contains(code);
    }

    /** KafkaConsumer.commitSync after the group moved on: the coordinator rejected the commit. */
    private static boolean isCommitFailed(Throwable e) {
        return e instanceof KafkaException && "org.apache.kafka.clients.consumer.CommitFailedException".equals(e.getClass().getName());
    }

    /**
     * commitTransaction refused by the client's own checks on the calling thread (producer closed, no transaction in
     * progress, an earlier invalid transition, another operation pending): those throw IllegalStateException from
     * KafkaProducer.commitTransaction before TransactionManager enqueues EndTxn; errors of the EndTxn itself reach
     * the caller through TransactionalRequestResult.await. Without EndTxn(commit) the transaction cannot commit.
     */
    static boolean refusedBeforeEndTxn(Throwable e) {
        if (!(e instanceof IllegalStateException)) return false;
        boolean inCommit = false;
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().endsWith("TransactionalRequestResult")) return false;
            if (frame.getClassName().equals("org.apache.kafka.clients.producer.KafkaProducer") && frame.getMethodName().equals("commitTransaction")) inCommit = true;
        }
        return inCommit;
    }
}
