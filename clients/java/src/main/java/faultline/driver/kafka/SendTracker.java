// The callback of one producer.send: completes the request's future once, with the record's metadata or with a
// ClassifiedFailure whose outcome follows from what was observed — whether the error came before send() returned
// (the record never reached the accumulator) and whether any record of the producer was retried meanwhile.
package faultline.driver.kafka;

import faultline.driver.outcome.ClassifiedFailure;
import faultline.driver.outcome.OutcomeRules;
import faultline.driver.outcome.SendFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

final class SendTracker implements Callback {
    final CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
    /** Set once producer.send() has returned or thrown; guarded by the session's in-flight set. */
    volatile boolean returned;
    /** Another send of the same producer was in flight at some point during this one; guarded by the in-flight set. */
    boolean overlapped;
    private final ProducerSession session;
    private final Thread caller = Thread.currentThread();
    private final double retriesAtStart;
    private final double splitsAtStart;

    SendTracker(ProducerSession session, double retriesAtStart, double splitsAtStart) {
        this.session = session;
        this.retriesAtStart = retriesAtStart;
        this.splitsAtStart = splitsAtStart;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
        if (result.isDone()) return;
        boolean beforeQueue = !returned && Thread.currentThread() == caller;
        long retries = Math.round(session.retryCount() - retriesAtStart);
        long splits = Math.round(session.splitCount() - splitsAtStart);
        boolean overlappedOthers = session.finished(this);
        if (error == null) {
            // No retry or split of any record of this producer meanwhile: one attempt. Otherwise exact only when
            // this was the producer's only send in flight.
            Integer attempts = retries + splits == 0 ? Integer.valueOf(1) : overlappedOthers ? null : Integer.valueOf((int) (1 + retries + splits));
            result.complete(ProducerSession.result(metadata, attempts, retries));
            return;
        }
        boolean singleAttempt = session.configuredRetries == 0 || retries == 0;
        SendFacts facts = new SendFacts(beforeQueue, session.transactional, session.acksAll, singleAttempt);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rejectedBeforeQueue", beforeQueue);
        detail.put("retriesDuringSend", retries);
        result.completeExceptionally(new ClassifiedFailure(error, OutcomeRules.classifySend(error, facts), detail));
    }
}
