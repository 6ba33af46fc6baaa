// The driver's client defaults: no hidden resends or commits unless the config asks for them.
package faultline.driver.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import faultline.driver.protocol.Args;
import faultline.driver.protocol.BadRequest;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClientConfigsTest {
    private static Properties producer(Map<String, Object> config) throws BadRequest {
        return ClientConfigs.producer(Args.of(config, "args.config"));
    }

    @Test
    void aPlainProducerNeitherRetriesNorIsIdempotent() throws BadRequest {
        Properties p = producer(Map.of("bootstrap.servers", "127.0.0.1:9092", "acks", "all"));
        assertEquals("false", p.get("enable.idempotence"));
        assertEquals("0", p.get("retries"));
        assertEquals("org.apache.kafka.common.serialization.StringSerializer", p.get("value.serializer"));
    }

    @Test
    void askedForRetriesAndIdempotenceAreKept() throws BadRequest {
        assertEquals("3", producer(Map.of("retries", 3L)).get("retries"));
        Properties idempotent = producer(Map.of("enable.idempotence", true));
        assertEquals("true", idempotent.get("enable.idempotence"));
        assertNull(idempotent.get("retries"));
        Properties noIdempotence = producer(Map.of("enable.idempotence", "false"));
        assertEquals("0", noIdempotence.get("retries"));
    }

    @Test
    void aTransactionalProducerKeepsKafkasDefaults() throws BadRequest {
        Properties p = producer(Map.of("transactional.id", "t-1"));
        assertFalse(p.containsKey("enable.idempotence"));
        assertFalse(p.containsKey("retries"));
    }

    @Test
    void aConsumerDoesNotAutoCommitUnlessAsked() throws BadRequest {
        assertEquals("false", ClientConfigs.consumer(Args.of(Map.of("group.id", "g"), "c")).get("enable.auto.commit"));
        assertEquals("true", ClientConfigs.consumer(Args.of(Map.of("enable.auto.commit", true), "c")).get("enable.auto.commit"));
    }
}
