// Request dispatch with Kafka-less operations: responses carry the request's id, leave in completion order, and
// every failure becomes one structured error with an outcome.
package faultline.driver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import faultline.driver.json.Json;
import faultline.driver.outcome.OpKind;
import faultline.driver.protocol.Args;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    /** Records responses as [id, "ok"/"error", result or error object]. */
    static final class RecordingSink implements ResponseSink {
        final List<Object[]> responses = new ArrayList<>();

        @Override
        public synchronized void ok(Object id, Object result) {
            Json.write(result); // throws for what ResponseWriter could not write
            responses.add(new Object[] {id, "ok", result});
        }

        @Override
        public synchronized void error(Object id, Map<String, Object> error) {
            responses.add(new Object[] {id, "error", error});
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> error(int i) {
            return (Map<String, Object>) responses.get(i)[2];
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private final List<CompletableFuture<Object>> parked = new ArrayList<>();
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() {
        Operations ops = new Operations()
            .add("echo", OpKind.READ, a -> CompletableFuture.completedFuture(Map.of("said", a.string("text"))))
            .add("park", OpKind.READ, a -> {
                CompletableFuture<Object> f = new CompletableFuture<>();
                parked.add(f);
                return f;
            })
            .add("write.sync", OpKind.MUTATION, a -> {
                throw new TimeoutException("no answer");
            })
            .add("read.async", OpKind.READ, a -> CompletableFuture.failedFuture(new NotLeaderOrFollowerException("moved")))
            .add("unwritable", OpKind.READ, a -> CompletableFuture.completedFuture(new Object()));
        dispatcher = new Dispatcher(ops, sink);
    }

    @Test
    void answersWithTheRequestId() {
        dispatcher.dispatch("{\"id\":\"a-1\",\"op\":\"echo\",\"args\":{\"text\":\"hi\"}}");
        assertEquals("a-1", sink.responses.get(0)[0]);
        assertEquals(Map.of("said", "hi"), sink.responses.get(0)[2]);
    }

    @Test
    void respondsInCompletionOrder() {
        dispatcher.dispatch("{\"id\":1,\"op\":\"park\"}");
        dispatcher.dispatch("{\"id\":2,\"op\":\"park\"}");
        dispatcher.dispatch("{\"id\":3,\"op\":\"echo\",\"args\":{\"text\":\"now\"}}");
        assertEquals(2, dispatcher.inFlight());
        parked.get(1).complete("second");
        parked.get(0).complete("first");
        assertEquals(List.of(3L, 2L, 1L), sink.responses.stream().map(r -> r[0]).toList());
        assertEquals(0, dispatcher.inFlight());
    }

    @Test
    void refusalsAreFail() {
        dispatcher.dispatch("garbage");
        dispatcher.dispatch("{\"id\":5,\"op\":\"no.such.op\"}");
        dispatcher.dispatch("{\"id\":6,\"op\":\"echo\",\"args\":{}}");
        assertNull(sink.responses.get(0)[0]);
        for (int i = 0; i < 3; i++) {
            assertEquals("faultline.driver.protocol.BadRequest", sink.error(i).get("class"));
            assertEquals("fail", sink.error(i).get("outcome"));
        }
        assertEquals("unknown op no.such.op", sink.error(1).get("message"));
        assertEquals("args.text: required", sink.error(2).get("message"));
    }

    @Test
    void errorsAreClassifiedByTheOperationsKind() {
        dispatcher.dispatch("{\"id\":7,\"op\":\"write.sync\"}");
        dispatcher.dispatch("{\"id\":8,\"op\":\"read.async\"}");
        assertEquals("org.apache.kafka.common.errors.TimeoutException", sink.error(0).get("class"));
        assertEquals("REQUEST_TIMED_OUT", sink.error(0).get("kafkaError"));
        assertEquals("info", sink.error(0).get("outcome"));
        assertEquals("NOT_LEADER_OR_FOLLOWER", sink.error(1).get("kafkaError"));
        assertEquals("fail", sink.error(1).get("outcome"));
    }

    @Test
    void aResultThatCannotBeWrittenIsAnError() {
        dispatcher.dispatch("{\"id\":9,\"op\":\"unwritable\"}");
        assertEquals("error", sink.responses.get(0)[1]);
        assertEquals("java.lang.IllegalArgumentException", sink.error(0).get("class"));
    }

    @Test
    void argsReachTheOperationTyped() throws Exception {
        Operations ops = new Operations();
        List<Args> seen = new ArrayList<>();
        ops.add("take", OpKind.LOCAL, a -> {
            seen.add(a);
            return CompletableFuture.completedFuture(Map.of());
        });
        new Dispatcher(ops, sink).dispatch("{\"id\":1,\"op\":\"take\",\"args\":{\"n\":3}}");
        assertEquals(3, seen.get(0).intValue("n"));
    }
}
