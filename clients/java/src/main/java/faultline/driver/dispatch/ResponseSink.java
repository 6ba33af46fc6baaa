// Where responses go: one `ok` or one `error` per request id. Implementations must be thread-safe.
package faultline.driver.dispatch;

import java.util.Map;

public interface ResponseSink {
    void ok(Object id, Object result);

    void error(Object id, Map<String, Object> error);
}
