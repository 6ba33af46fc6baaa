// Response lines: one per response, in the order they were handed over, all written by close().
package faultline.driver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseWriterTest {
    @Test
    void writesOneLinePerResponseInOrder() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseWriter writer = new ResponseWriter(out);
        writer.ok(1L, Map.of("offset", 5L));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("class", "X");
        error.put("outcome", "fail");
        writer.error("b", error);
        for (long i = 2; i < 1000; i++) writer.ok(i, Map.of());
        writer.close(5000);
        List<String> lines = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
        assertEquals(1000, lines.size());
        assertEquals("{\"id\":1,\"ok\":true,\"result\":{\"offset\":5}}", lines.get(0));
        assertEquals("{\"id\":\"b\",\"ok\":false,\"error\":{\"class\":\"X\",\"outcome\":\"fail\"}}", lines.get(1));
        assertEquals("{\"id\":999,\"ok\":true,\"result\":{}}", lines.get(999));
    }

    @Test
    void aResultThatIsNotJsonThrowsAtOnceAndWritesNothing() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseWriter writer = new ResponseWriter(out);
        assertThrows(IllegalArgumentException.class, () -> writer.ok(1L, new Object()));
        writer.close(5000);
        assertEquals(0, out.size());
    }
}
