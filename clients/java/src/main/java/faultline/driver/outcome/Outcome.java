// A failed request's history completion: `fail` (the operation certainly had no effect) or `info` (it may have).
package faultline.driver.outcome;

public enum Outcome {
    FAIL("fail"),
    INFO("info");

    public final String wire;

    Outcome(String wire) {
        this.wire = wire;
    }
}
