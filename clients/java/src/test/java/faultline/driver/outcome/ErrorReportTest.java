// The error object's shape: class, message, causeChain, kafkaError, outcome and, for sends, detail.
package faultline.driver.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ErrorReportTest {
    @Test
    void describesTheErrorAndItsCauses() {
        Throwable e = new ExecutionException(new KafkaException("Cannot execute transactional method because we are in an error state", new ProducerFencedException("fenced by producer 7")));
        Map<String, Object> r = ErrorReport.of(e, Outcome.INFO);
        assertEquals("org.apache.kafka.common.KafkaException", r.get("class"));
        assertEquals("Cannot execute transactional method because we are in an error state", r.get("message"));
        assertEquals(List.of(Map.of("class", "org.apache.kafka.common.errors.ProducerFencedException", "message", "fenced by producer 7")), r.get("causeChain"));
        assertEquals("PRODUCER_FENCED", r.get("kafkaError"));
        assertEquals("info", r.get("outcome"));
        assertFalse(r.containsKey("detail"));
    }

    @Test
    void aClassifiedFailureReportsItsCauseAndDetail() {
        ClassifiedFailure f = new ClassifiedFailure(new TimeoutException("Topic t not present in metadata after 100 ms."), Outcome.FAIL, Map.of("rejectedBeforeQueue", true));
        Map<String, Object> r = ErrorReport.of(new CompletionException(f), Outcome.FAIL);
        assertEquals("org.apache.kafka.common.errors.TimeoutException", r.get("class"));
        assertEquals("REQUEST_TIMED_OUT", r.get("kafkaError"));
        assertEquals(List.of(), r.get("causeChain"));
        assertEquals(Map.of("rejectedBeforeQueue", true), r.get("detail"));
        assertEquals("fail", r.get("outcome"));
    }
}
