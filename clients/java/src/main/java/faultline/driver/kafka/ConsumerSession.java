// One KafkaConsumer behind a handle. KafkaConsumer is not thread-safe: everything touching it runs on its lane.
package faultline.driver.kafka;

import faultline.driver.dispatch.Lane;
import faultline.driver.dispatch.Session;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.KafkaConsumer;

final class ConsumerSession implements Session {
    final KafkaConsumer<String, String> consumer;
    private final Lane lane;

    ConsumerSession(Properties props, Executor pool) {
        this.consumer = new KafkaConsumer<>(props);
        this.lane = new Lane(pool);
    }

    @Override
    public String kind() {
        return "consumer";
    }

    @Override
    public Lane lane() {
        return lane;
    }

    @Override
    public void close(Duration timeout) {
        consumer.close(timeout);
    }
}
