// Turns request lines into operations and their outcomes into responses. dispatch() never blocks on Kafka: an
// operation's start() only schedules work, and its response is written whenever that work completes, so responses
// leave in completion order, not request order.
package faultline.driver.dispatch;

import faultline.driver.outcome.ErrorReport;
import faultline.driver.outcome.Outcome;
import faultline.driver.outcome.OutcomeRules;
import faultline.driver.protocol.BadRequest;
import faultline.driver.protocol.Request;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

public final class Dispatcher {
    private final Operations operations;
    private final ResponseSink sink;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Dispatcher(Operations operations, ResponseSink sink) {
        this.operations = operations;
        this.sink = sink;
    }

    public void dispatch(String line) {
        Request request;
        try {
            request = Request.parse(line);
        } catch (BadRequest e) {
            sink.error(e.requestId, ErrorReport.of(e, Outcome.FAIL));
            return;
        }
        Operation op = operations.get(request.op);
        if (op == null) {
            sink.error(request.id, ErrorReport.of(new BadRequest("unknown op " + request.op), Outcome.FAIL));
            return;
        }
        CompletionStage<?> stage;
        try {
            stage = op.start(request.args);
        } catch (Throwable e) {
            sink.error(request.id, ErrorReport.of(e, OutcomeRules.classify(op.kind(), e)));
            return;
        }
        inFlight.incrementAndGet();
        stage.whenComplete((result, error) -> {
            inFlight.decrementAndGet();
            if (error == null) respondOk(request, op, result);
            else sink.error(request.id, ErrorReport.of(error, OutcomeRules.classify(op.kind(), error)));
        });
    }

    /** Requests started and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    private void respondOk(Request request, Operation op, Object result) {
        try {
            sink.ok(request.id, result);
        } catch (IllegalArgumentException unwritable) {
            // The operation ran, but its result is not JSON-writable: a driver bug, reported as the op's error.
            sink.error(request.id, ErrorReport.of(unwritable, OutcomeRules.classify(op.kind(), unwritable)));
        }
    }
}
