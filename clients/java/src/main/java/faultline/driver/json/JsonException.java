// Text that is not the JSON the protocol expects.
package faultline.driver.json;

public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
