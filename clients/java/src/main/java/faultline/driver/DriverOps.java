// Driver-level operations: `ping` (ready; which kafka-clients is on the classpath), `driver.stats` (memory, threads,
// open handles) and `close` of any handle.
package faultline.driver;

import faultline.driver.dispatch.Dispatcher;
import faultline.driver.dispatch.Handles;
import faultline.driver.dispatch.Operations;
import faultline.driver.dispatch.Session;
import faultline.driver.outcome.OpKind;
import faultline.driver.protocol.Args;
import faultline.driver.protocol.BadRequest;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

public final class DriverOps {
    /** Bumped when a request or response changes shape. */
    public static final int PROTOCOL_VERSION = 1;
    static final long DEFAULT_CLOSE_TIMEOUT_MS = 5000;

    private final Handles handles;
    private final Supplier<Dispatcher> dispatcher;

    public DriverOps(Handles handles, Supplier<Dispatcher> dispatcher) {
        this.handles = handles;
        this.dispatcher = dispatcher;
    }

    public void register(Operations ops) {
        ops.add("ping", OpKind.READ, a -> CompletableFuture.completedFuture(ping()))
            .add("driver.stats", OpKind.READ, a -> CompletableFuture.completedFuture(stats()))
            .add("close", OpKind.MUTATION, this::close);
    }

    static Map<String, Object> ping() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("driver", "faultline-kafka-driver");
        out.put("protocol", PROTOCOL_VERSION);
        out.put("kafkaClientsVersion", kafkaClientsVersion());
        out.put("java", System.getProperty("java.version"));
        out.put("pid", ProcessHandle.current().pid());
        out.put("addresses", interfaceAddresses());
        return out;
    }

    /** IPv4 addresses of the network interfaces the JVM sees, loopback left out: where its connections come from. */
    static List<String> interfaceAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isLoopback() || !nic.isUp()) continue;
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) out.add(a.getHostAddress());
                }
            }
        } catch (SocketException e) {
            // No interface list: the field stays empty rather than failing the ping.
        }
        return out;
    }

    private Map<String, Object> stats() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rssBytes", residentBytes());
        out.put("heapUsedBytes", heap.getUsed());
        out.put("heapCommittedBytes", heap.getCommitted());
        out.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        out.put("handles", handles.size());
        out.put("inFlightRequests", dispatcher.get().inFlight());
        return out;
    }

    /**
     * The version of the kafka-clients jar on the classpath, from the kafka/kafka-version.properties it carries (what
     * AppInfoParser reads; that class moved to an internals package in 4.x).
     */
    static String kafkaClientsVersion() {
        try (InputStream in = ClassLoader.getSystemResourceAsStream("kafka/kafka-version.properties")) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** VmRSS from /proc/self/status (Linux); null elsewhere. */
    static Long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | NumberFormatException unavailable) {
            return null;
        }
        return null;
    }

    /** {handle, timeoutMs?}: the handle is gone at once; the client closes after the work already queued on it. */
    private CompletableFuture<?> close(Args args) throws BadRequest {
        Duration timeout = Duration.ofMillis(args.optLong("timeoutMs", DEFAULT_CLOSE_TIMEOUT_MS));
        Session session = handles.remove(args);
        return session.lane().call(() -> {
            session.close(timeout);
            return Map.of();
        });
    }
}
