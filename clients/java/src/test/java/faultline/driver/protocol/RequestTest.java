// Request lines and typed argument access: every refusal names the request (when it has an id) and the argument.
package faultline.driver.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {
    @Test
    void readsIdOpAndArgs() throws BadRequest {
        Request r = Request.parse("{\"id\":7,\"op\":\"producer.send\",\"args\":{\"handle\":\"producer-1\",\"partition\":2}}");
        assertEquals(7L, r.id);
        assertEquals("producer.send", r.op);
        assertEquals("producer-1", r.args.string("handle"));
        assertEquals(2, r.args.intValue("partition"));
        assertEquals("x", Request.parse("{\"id\":\"x\",\"op\":\"ping\"}").id);
        assertFalse(Request.parse("{\"id\":1,\"op\":\"ping\"}").args.has("anything"));
    }

    @Test
    void aLineWithoutAnIdIsRefusedWithoutOne() {
        BadRequest notJson = assertThrows(BadRequest.class, () -> Request.parse("hello"));
        assertNull(notJson.requestId);
        assertTrue(notJson.getMessage().startsWith("not JSON"));
        assertNull(assertThrows(BadRequest.class, () -> Request.parse("[1]")).requestId);
        assertNull(assertThrows(BadRequest.class, () -> Request.parse("{\"id\":1.5,\"op\":\"ping\"}")).requestId);
    }

    @Test
    void aLineWithAnIdIsRefusedWithIt() {
        BadRequest noOp = assertThrows(BadRequest.class, () -> Request.parse("{\"id\":3}"));
        assertEquals(3L, noOp.requestId);
        BadRequest badArgs = assertThrows(BadRequest.class, () -> Request.parse("{\"id\":4,\"op\":\"ping\",\"args\":[]}"));
        assertEquals(4L, badArgs.requestId);
    }

    @Test
    void argumentErrorsNameThePath() {
        Args args = Args.of(Map.of("partitions", List.of(Map.of("topic", "t", "partition", 0L), Map.of("partition", 1L)), "n", 1L << 40, "s", 5L), "args");
        BadRequest missing = assertThrows(BadRequest.class, () -> {
            for (Args p : args.objects("partitions")) p.string("topic");
        });
        assertEquals("args.partitions[1].topic: required", missing.getMessage());
        assertEquals("args.n: expected a 32-bit integer", assertThrows(BadRequest.class, () -> args.intValue("n")).getMessage());
        assertEquals("args.s: expected a string", assertThrows(BadRequest.class, () -> args.string("s")).getMessage());
        assertEquals("args.absent: required", assertThrows(BadRequest.class, () -> args.strings("absent")).getMessage());
    }

    @Test
    void configValuesBecomeStrings() throws BadRequest {
        Args config = Args.of(Map.of("acks", "all", "retries", 0L, "enable.idempotence", false, "linger.ms", 1.5), "args.config");
        assertEquals(Map.of("acks", "all", "retries", "0", "enable.idempotence", "false", "linger.ms", "1.5"), config.stringMap());
        assertThrows(BadRequest.class, () -> Args.of(Map.of("x", List.of()), "c").stringMap());
    }
}
