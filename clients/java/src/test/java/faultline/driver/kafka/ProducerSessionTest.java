// A real KafkaProducer with no broker behind its bootstrap address: the errors it raises before the record reaches
// its accumulator are recognised as such (fail), through the same callback path as any send.
package faultline.driver.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.driver.outcome.ClassifiedFailure;
import faultline.driver.outcome.Outcome;
import faultline.driver.protocol.Args;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProducerSessionTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** Accepts connections on loopback and never answers: a broker that is there but says nothing. */
    private ServerSocket silentBroker;

    @BeforeEach
    void setUp() throws IOException {
        silentBroker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void tearDown() throws IOException {
        silentBroker.close();
        pool.shutdownNow();
    }

    private ProducerSession session(Map<String, Object> extra) throws Exception {
        Map<String, Object> config = new HashMap<>(extra);
        config.put("bootstrap.servers", "127.0.0.1:" + silentBroker.getLocalPort());
        config.put("max.block.ms", 300L);
        Properties props = ClientConfigs.producer(Args.of(config, "args.config"));
        return new ProducerSession(props, pool);
    }

    private static ClassifiedFailure failure(ProducerSession s, ProducerRecord<String, String> record) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.send(record).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ClassifiedFailure, String.valueOf(e.getCause()));
        return (ClassifiedFailure) e.getCause();
    }

    @Test
    void aMetadataTimeoutBeforeAnySendIsFail() throws Exception {
        ProducerSession s = session(Map.of());
        try {
            ClassifiedFailure f = failure(s, new ProducerRecord<>("t", 0, null, "v"));
            assertTrue(f.getCause() instanceof TimeoutException);
            assertEquals(Outcome.FAIL, f.outcome);
            assertEquals(true, f.detail.get("rejectedBeforeQueue"));
        } finally {
            s.close(Duration.ZERO);
        }
    }

    @Test
    void aSendOnAClosedProducerIsFail() throws Exception {
        ProducerSession s = session(Map.of());
        s.close(Duration.ZERO);
        ClassifiedFailure f = failure(s, new ProducerRecord<>("t", 0, null, "v"));
        assertTrue(f.getCause() instanceof IllegalStateException);
        assertEquals(Outcome.FAIL, f.outcome);
    }

    @Test
    void describesWhatTheOutcomeDependsOn() throws Exception {
        ProducerSession plain = session(Map.of("acks", "1"));
        try {
            Map<String, Object> d = plain.describe();
            assertEquals(false, d.get("transactional"));
            assertEquals(false, d.get("idempotent"));
            assertEquals("1", d.get("acks"));
            assertEquals(0, d.get("retries"));
            assertFalse(plain.acksAll);
            assertEquals(Map.of("record-retry-total", 0.0), plain.metrics(List.of("record-retry-total", "no-such-metric")));
        } finally {
            plain.close(Duration.ZERO);
        }
    }
}
