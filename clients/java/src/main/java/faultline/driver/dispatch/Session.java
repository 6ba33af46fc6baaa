// An open client behind a handle (a producer, a consumer or an admin client).
package faultline.driver.dispatch;

import java.time.Duration;

public interface Session {
    /** "producer", "consumer" or "admin": the handle's prefix. */
    String kind();

    Lane lane();

    /** Closes the client, waiting at most `timeout` for outstanding work; called on the lane. */
    void close(Duration timeout);
}
