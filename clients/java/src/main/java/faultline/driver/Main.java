// The driver process: reads requests from stdin, one JSON object per line, and writes one response line per request
// to stdout. stdout carries nothing else (System.out is pointed at stderr, where all logging goes). At EOF on stdin
// it closes every open client and exits 0.
package faultline.driver;

import faultline.driver.dispatch.Dispatcher;
import faultline.driver.dispatch.Handles;
import faultline.driver.dispatch.Operations;
import faultline.driver.dispatch.ResponseWriter;
import faultline.driver.dispatch.Session;
import faultline.driver.kafka.AdminOps;
import faultline.driver.kafka.ConsumerOps;
import faultline.driver.kafka.ProducerOps;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public final class Main {
    /** At EOF, how long clients get to close (in-flight work is abandoned: the harness has stopped listening). */
    static final Duration SHUTDOWN_CLOSE_TIMEOUT = Duration.ofMillis(500);
    static final long SHUTDOWN_WAIT_MS = 3000;
    /** At EOF, how long requests in flight get to be answered before their clients are closed. */
    static final long DRAIN_WAIT_MS = 3000;

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        ResponseWriter writer = new ResponseWriter(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        ExecutorService pool = Executors.newCachedThreadPool(daemonThreads());
        Handles handles = new Handles();
        Dispatcher[] dispatcher = new Dispatcher[1];
        Operations ops = new Operations();
        new DriverOps(handles, () -> dispatcher[0]).register(ops);
        new ProducerOps(handles, pool).register(ops);
        new ConsumerOps(handles, pool).register(ops);
        new AdminOps(handles, pool).register(ops);
        dispatcher[0] = new Dispatcher(ops, writer);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) dispatcher[0].dispatch(line);
        }
        shutdown(dispatcher[0], handles, pool);
        try {
            writer.close(SHUTDOWN_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    /**
     * Gives requests still in flight up to DRAIN_WAIT_MS to be answered (the harness may still read stdout until
     * the process exits), then closes every open client in parallel, on its lane, within another SHUTDOWN_WAIT_MS.
     */
    static void shutdown(Dispatcher dispatcher, Handles handles, ExecutorService pool) {
        long deadline = System.currentTimeMillis() + DRAIN_WAIT_MS;
        while (dispatcher.inFlight() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<CompletableFuture<Object>> closing = new ArrayList<>();
        for (Session s : handles.removeAll()) {
            closing.add(s.lane().call(() -> {
                s.close(SHUTDOWN_CLOSE_TIMEOUT);
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception slowOrFailed) {
            System.err.println("faultline-kafka-driver: clients did not all close cleanly at shutdown: " + slowOrFailed);
        }
        pool.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "faultline-driver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
