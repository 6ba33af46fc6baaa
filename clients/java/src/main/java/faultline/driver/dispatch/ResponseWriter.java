// Writes responses as JSON lines to the protocol stream (the process's real stdout). Responses are serialised on the
// calling thread (so a result that is not JSON-writable throws there) and written by one writer thread: the threads
// that complete requests — Kafka's own I/O threads among them — never block on a slow reader of stdout.
package faultline.driver.dispatch;

import faultline.driver.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

public final class ResponseWriter implements ResponseSink, AutoCloseable {
    /** Marks the end of the queue (compared by identity). */
    private static final String END = new String("");

    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread writer;

    public ResponseWriter(OutputStream out) {
        this.out = out;
        this.writer = new Thread(this::writeLines, "faultline-driver-stdout");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void ok(Object id, Object result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        response.put("ok", true);
        response.put("result", result);
        lines.add(Json.write(response) + "\n");
    }

    @Override
    public void error(Object id, Map<String, Object> error) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        response.put("ok", false);
        response.put("error", error);
        lines.add(Json.write(response) + "\n");
    }

    /** Writes what is queued, then stops the writer (waiting at most timeoutMs). */
    public void close(long timeoutMs) throws InterruptedException {
        lines.add(END);
        writer.join(timeoutMs);
    }

    @Override
    public void close() throws InterruptedException {
        close(5000);
    }

    /** Writes each line as it comes, flushing whenever the queue runs empty. */
    private void writeLines() {
        boolean broken = false;
        try {
            while (true) {
                String line = lines.take();
                if (line == END) break;
                if (broken) continue;
                try {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    if (lines.isEmpty()) out.flush();
                } catch (IOException e) {
                    // The harness stopped reading; stdin's EOF ends the driver. Drop the rest.
                    broken = true;
                    System.err.println("faultline-kafka-driver: the protocol stream is closed: " + e);
                }
            }
            if (!broken) out.flush();
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }
}
