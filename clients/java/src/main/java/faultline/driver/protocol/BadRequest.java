// A request the driver refuses before doing anything with it: not JSON, no id or op, an unknown op, a missing or
// mistyped argument. Its outcome is always `fail`: nothing was executed.
package faultline.driver.protocol;

public class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    /** The id of the refused request when it could be read (a line that is not JSON has none). */
    public final transient Object requestId;

    public BadRequest(String message) {
        this(null, message);
    }

    public BadRequest(Object requestId, String message) {
        super(message);
        this.requestId = requestId;
    }
}
