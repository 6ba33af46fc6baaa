// Writes responses as JSON lines to the protocol stream (the process's real stdout), one whole line at a time.
package faultline.driver.dispatch;

import faultline.driver.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

public final class ResponseWriter implements ResponseSink {
    private final OutputStream out;

    public ResponseWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void ok(Object id, Object result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        response.put("ok", true);
        response.put("result", result);
        // Serialise before taking the lock: a result that cannot be written throws here, with nothing written.
        writeLine(Json.write(response));
    }

    @Override
    public void error(Object id, Map<String, Object> error) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        response.put("ok", false);
        response.put("error", error);
        writeLine(Json.write(response));
    }

    private synchronized void writeLine(String json) {
        try {
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the protocol stream is closed", e);
        }
    }
}
