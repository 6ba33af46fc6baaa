// One KafkaConsumer behind a handle. KafkaConsumer is not thread-safe: everything touching it runs on its lane.
// A subscribed consumer notes the partitions each group rebalance assigns to it (the listener runs inside poll, on
// the lane), so the poll that saw the rebalance can say which positions restarted at the group's committed offsets.
package faultline.driver.kafka;

import faultline.driver.dispatch.Lane;
import faultline.driver.dispatch.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

final class ConsumerSession implements Session {
    final KafkaConsumer<String, String> consumer;
    private final Lane lane;
    /** Partitions group rebalances assigned since the last drain, in the order assigned. */
    private final Set<TopicPartition> assignedByGroup = new LinkedHashSet<>();

    /** Records what each rebalance assigns; passed to KafkaConsumer.subscribe. */
    final ConsumerRebalanceListener rebalanceListener = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assignedByGroup.addAll(partitions);
        }
    };

    ConsumerSession(Properties props, Executor pool) {
        this.consumer = new KafkaConsumer<>(props);
        this.lane = new Lane(pool);
    }

    /** The partitions group rebalances assigned since the last call (empty when none); call on the lane. */
    List<TopicPartition> drainAssignedByGroup() {
        List<TopicPartition> out = new ArrayList<>(assignedByGroup);
        assignedByGroup.clear();
        return out;
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
