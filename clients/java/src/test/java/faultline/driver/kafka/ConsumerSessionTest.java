// A real KafkaConsumer (nothing behind its bootstrap address: nothing here talks to a broker): the rebalance listener
// the session subscribes with collects what each rebalance assigns, and one drain hands it over exactly once.
package faultline.driver.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import faultline.driver.protocol.Args;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerSessionTest {
    @Test
    void drainsWhatRebalancesAssignedOnceInOrderWithoutRepeats() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Properties props = ClientConfigs.consumer(Args.of(Map.of("bootstrap.servers", "127.0.0.1:9", "group.id", "g"), "args.config"));
        ConsumerSession session = new ConsumerSession(props, pool);
        try {
            TopicPartition t3 = new TopicPartition("t", 3);
            TopicPartition t1 = new TopicPartition("t", 1);
            assertEquals(List.of(), session.drainAssignedByGroup());
            session.rebalanceListener.onPartitionsRevoked(List.of(t3));
            session.rebalanceListener.onPartitionsAssigned(List.of(t3, t1));
            session.rebalanceListener.onPartitionsAssigned(List.of(t3));
            assertEquals(List.of(t3, t1), session.drainAssignedByGroup());
            assertEquals(List.of(), session.drainAssignedByGroup());
        } finally {
            session.close(Duration.ZERO);
            pool.shutdownNow();
        }
    }
}
