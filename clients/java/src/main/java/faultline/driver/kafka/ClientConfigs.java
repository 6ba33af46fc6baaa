// Client configs from a request's `config` object (Kafka's own property names, passed through), plus the driver's
// defaults. The defaults make every request to the cluster one the harness asked for: a producer does not retry and
// is not idempotent, and a consumer does not auto-commit, unless the config says so. Keys and values travel as
// strings.
package faultline.driver.kafka;

import faultline.driver.protocol.Args;
import faultline.driver.protocol.BadRequest;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

final class ClientConfigs {
    private ClientConfigs() {
    }

    static Properties producer(Args config) throws BadRequest {
        Map<String, String> given = config.stringMap();
        Properties props = new Properties();
        props.putAll(given);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        boolean transactional = given.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        // Kafka's defaults since 3.0 are enable.idempotence=true and retries=MAX_VALUE: hidden resends.
        if (!given.containsKey(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG) && !transactional) {
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        }
        boolean idempotent = Boolean.parseBoolean(props.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"));
        // Idempotence (and so transactions) needs retries > 0; there Kafka's default stands unless given.
        if (!given.containsKey(ProducerConfig.RETRIES_CONFIG) && !idempotent && !transactional) {
            props.put(ProducerConfig.RETRIES_CONFIG, "0");
        }
        return props;
    }

    static Properties consumer(Args config) throws BadRequest {
        Map<String, String> given = config.stringMap();
        Properties props = new Properties();
        props.putAll(given);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        if (!given.containsKey(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)) props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    static Properties admin(Args config) throws BadRequest {
        Properties props = new Properties();
        props.putAll(config.stringMap());
        return props;
    }
}
