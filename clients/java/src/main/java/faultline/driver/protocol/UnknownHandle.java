// A request naming a handle that is not open (never opened, already closed) or that is of another kind.
package faultline.driver.protocol;

public final class UnknownHandle extends BadRequest {
    private static final long serialVersionUID = 1L;

    public UnknownHandle(String message) {
        super(message);
    }
}
