// One Admin client behind a handle. Admin is thread-safe and its calls return futures; the lane only orders them.
package faultline.driver.kafka;

import faultline.driver.dispatch.Lane;
import faultline.driver.dispatch.Session;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.admin.Admin;

final class AdminSession implements Session {
    final Admin admin;
    private final Lane lane;

    AdminSession(Properties props, Executor pool) {
        this.admin = Admin.create(props);
        this.lane = new Lane(pool);
    }

    @Override
    public String kind() {
        return "admin";
    }

    @Override
    public Lane lane() {
        return lane;
    }

    @Override
    public void close(Duration timeout) {
        admin.close(timeout);
    }
}
