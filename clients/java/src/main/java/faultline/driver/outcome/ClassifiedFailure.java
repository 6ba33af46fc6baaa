// A failure whose outcome the operation decided itself (producer.send knows facts the exception does not carry).
package faultline.driver.outcome;

import java.util.Map;

public final class ClassifiedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final Outcome outcome;
    /** Extra facts for the error object's `detail` member. */
    public final transient Map<String, Object> detail;

    public ClassifiedFailure(Throwable cause, Outcome outcome, Map<String, Object> detail) {
        super(cause);
        this.outcome = outcome;
        this.detail = detail;
    }
}
