// The exception → outcome table of systems/kafka/java-client/README.md, row by row, on kafka-clients' own exception
// classes (the ones its producer, consumer and admin client really raise).
package faultline.driver.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import faultline.driver.protocol.BadRequest;
import faultline.driver.protocol.UnknownHandle;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class OutcomeRulesTest {
    private static final Outcome FAIL = Outcome.FAIL;
    private static final Outcome INFO = Outcome.INFO;

    /** A plain (non-transactional) send whose error came back through the batch, one attempt, acks as given. */
    private static SendFacts answered(boolean acksAll) {
        return new SendFacts(false, false, acksAll, true);
    }

    @Test
    void aSendRejectedBeforeTheAccumulatorIsFail() {
        SendFacts beforeQueue = new SendFacts(true, false, true, true);
        assertEquals(FAIL, OutcomeRules.classifySend(new TimeoutException("Topic t not present in metadata after 500 ms."), beforeQueue));
        assertEquals(FAIL, OutcomeRules.classifySend(new SerializationException("bad"), beforeQueue));
        assertEquals(FAIL, OutcomeRules.classifySend(new RecordTooLargeException("too large"), beforeQueue));
        assertEquals(FAIL, OutcomeRules.classifySend(new BufferExhaustedException("no memory"), beforeQueue));
        assertEquals(FAIL, OutcomeRules.classifySend(new IllegalStateException("Cannot perform operation after producer has been closed"), beforeQueue));
    }

    @Test
    void aTransactionalSendIsLeftToTheTransaction() {
        SendFacts transactional = new SendFacts(true, true, true, true);
        assertEquals(INFO, OutcomeRules.classifySend(new ProducerFencedException("fenced"), transactional));
        assertEquals(INFO, OutcomeRules.classifySend(new NotEnoughReplicasException("isr"), new SendFacts(false, true, true, true)));
        assertEquals(INFO, OutcomeRules.classifySend(new TransactionAbortedException("aborted"), transactional));
    }

    @Test
    void batchExpiryAndTimeoutsAreInfo() {
        TimeoutException expired = new TimeoutException("Expiring 1 record(s) for t-0:120001 ms has passed since batch creation");
        assertEquals(INFO, OutcomeRules.classifySend(expired, answered(true)));
        assertEquals(INFO, OutcomeRules.classifySend(expired, answered(false)));
        assertEquals(INFO, OutcomeRules.classifySend(new TimeoutException("Disconnected from node 1 due to timeout"), answered(false)));
    }

    @Test
    void brokerRejectionsBeforeTheAppendAreFail() {
        for (RuntimeException e : new RuntimeException[] {
            new NotEnoughReplicasException("isr below min"), new RecordTooLargeException("big"), new CorruptRecordException("crc"),
            new OutOfOrderSequenceException("seq"), new InvalidProducerEpochException("epoch")}) {
            assertEquals(FAIL, OutcomeRules.classifySend(e, answered(true)), e.getClass().getSimpleName());
        }
    }

    @Test
    void notLeaderIsFailOnlyWithoutProducePurgatory() {
        // acks=all: a produce waiting in purgatory after the leader appended is answered NOT_LEADER_OR_FOLLOWER when
        // the leader loses leadership, UNKNOWN_TOPIC_OR_PARTITION when it stops hosting the partition.
        assertEquals(INFO, OutcomeRules.classifySend(new NotLeaderOrFollowerException("moved"), answered(true)));
        assertEquals(INFO, OutcomeRules.classifySend(new UnknownTopicOrPartitionException("gone"), answered(true)));
        assertEquals(FAIL, OutcomeRules.classifySend(new NotLeaderOrFollowerException("moved"), answered(false)));
        assertEquals(FAIL, OutcomeRules.classifySend(new UnknownTopicOrPartitionException("gone"), answered(false)));
    }

    @Test
    void errorsThatCanFollowAnAppendAreInfo() {
        assertEquals(INFO, OutcomeRules.classifySend(new NotEnoughReplicasAfterAppendException("isr shrank"), answered(true)));
        assertEquals(INFO, OutcomeRules.classifySend(new KafkaStorageException("disk"), answered(false)));
        assertEquals(INFO, OutcomeRules.classifySend(new NetworkException("Disconnected from node 2"), answered(true)));
        assertEquals(INFO, OutcomeRules.classifySend(new KafkaException("Producer is closed forcefully."), answered(true)));
        assertEquals(INFO, OutcomeRules.classifySend(new UnknownServerException("?"), answered(true)));
    }

    @Test
    void aRetriedRecordIsNeverFail() {
        // An earlier attempt may have been appended before the last attempt's pre-append rejection.
        SendFacts retried = new SendFacts(false, false, true, false);
        assertEquals(INFO, OutcomeRules.classifySend(new NotEnoughReplicasException("isr"), retried));
        assertEquals(INFO, OutcomeRules.classifySend(new NotLeaderOrFollowerException("moved"), new SendFacts(false, false, false, false)));
    }

    @Test
    void readsAndLocalCallsAreFail() {
        assertEquals(FAIL, OutcomeRules.classify(OpKind.READ, new TimeoutException("poll")));
        assertEquals(FAIL, OutcomeRules.classify(OpKind.READ, new NetworkException("gone")));
        assertEquals(FAIL, OutcomeRules.classify(OpKind.LOCAL, new KafkaException("Failed to construct kafka producer")));
    }

    @Test
    void mutationsAreFailOnlyWhenRefused() {
        assertEquals(FAIL, OutcomeRules.classify(OpKind.MUTATION, new TopicExistsException("exists")));
        assertEquals(FAIL, OutcomeRules.classify(OpKind.MUTATION, new IllegalStateException("not subscribed")));
        assertEquals(FAIL, OutcomeRules.classify(OpKind.MUTATION, new CommitFailedException()));
        assertEquals(INFO, OutcomeRules.classify(OpKind.MUTATION, new TimeoutException("createTopics")));
        assertEquals(INFO, OutcomeRules.classify(OpKind.MUTATION, new ProducerFencedException("fenced in InitProducerId")));
        assertEquals(INFO, OutcomeRules.classify(OpKind.MUTATION, new KafkaException("?")));
    }

    @Test
    void commitIsFailOnlyWhenTheClientRefusedBeforeEndTxn() {
        IllegalStateException preflight = new IllegalStateException("Cannot perform operation after producer has been closed");
        preflight.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.apache.kafka.clients.producer.KafkaProducer", "throwIfProducerClosed", null, 1),
            new StackTraceElement("org.apache.kafka.clients.producer.KafkaProducer", "commitTransaction", null, 2),
            new StackTraceElement("faultline.driver.kafka.ProducerOps", "lambda", null, 3)});
        assertEquals(FAIL, OutcomeRules.classify(OpKind.COMMIT, preflight));
        IllegalStateException afterEndTxn = new IllegalStateException("from the EndTxn result");
        afterEndTxn.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.apache.kafka.clients.producer.internals.TransactionalRequestResult", "await", null, 1),
            new StackTraceElement("org.apache.kafka.clients.producer.KafkaProducer", "commitTransaction", null, 2)});
        assertEquals(INFO, OutcomeRules.classify(OpKind.COMMIT, afterEndTxn));
        IllegalStateException elsewhere = new IllegalStateException("not from commitTransaction");
        elsewhere.setStackTrace(new StackTraceElement[] {new StackTraceElement("x.Y", "z", null, 1)});
        assertEquals(INFO, OutcomeRules.classify(OpKind.COMMIT, elsewhere));
        assertEquals(INFO, OutcomeRules.classify(OpKind.COMMIT, new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)")));
        assertEquals(INFO, OutcomeRules.classify(OpKind.COMMIT, new ProducerFencedException("fenced")));
    }

    @Test
    void abortErrorsAreInfo() {
        assertEquals(INFO, OutcomeRules.classify(OpKind.ABORT, new TimeoutException("awaiting EndTxn(false)")));
        assertEquals(INFO, OutcomeRules.classify(OpKind.ABORT, new IllegalStateException("pending commit")));
    }

    @Test
    void refusedRequestsAreFailWhateverTheKind() {
        for (OpKind kind : OpKind.values()) {
            assertEquals(FAIL, OutcomeRules.classify(kind, new BadRequest("args.topic: required")), kind.name());
            assertEquals(FAIL, OutcomeRules.classify(kind, new UnknownHandle("no open handle producer-3")), kind.name());
        }
    }

    @Test
    void futureWrappersArePeeledOff() {
        assertEquals(FAIL, OutcomeRules.classify(OpKind.MUTATION, new ExecutionException(new TopicExistsException("exists"))));
        assertEquals("TOPIC_ALREADY_EXISTS", OutcomeRules.kafkaError(new ExecutionException(new TopicExistsException("exists"))));
    }

    @Test
    void kafkaErrorNamesTheFirstApiExceptionInTheChain() {
        assertEquals("PRODUCER_FENCED", OutcomeRules.kafkaError(new KafkaException("Cannot execute transactional method because we are in an error state", new ProducerFencedException("fenced"))));
        assertEquals("REQUEST_TIMED_OUT", OutcomeRules.kafkaError(new BufferExhaustedException("no memory")));
        assertEquals("UNKNOWN_SERVER_ERROR", OutcomeRules.kafkaError(new UnknownServerException("?")));
        assertNull(OutcomeRules.kafkaError(new TransactionAbortedException("aborted")));
        assertNull(OutcomeRules.kafkaError(new IllegalStateException("x")));
    }
}
