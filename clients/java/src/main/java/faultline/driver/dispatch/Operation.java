// One protocol operation. `start` runs on the stdin reader thread, so it only validates arguments, looks up handles
// and hands the Kafka call to a Lane or the pool; the returned stage completes with the JSON-writable result.
package faultline.driver.dispatch;

import faultline.driver.outcome.OpKind;
import faultline.driver.protocol.Args;
import java.util.concurrent.CompletionStage;

public interface Operation {
    OpKind kind();

    CompletionStage<?> start(Args args) throws Exception;

    @FunctionalInterface
    interface Starter {
        CompletionStage<?> start(Args args) throws Exception;
    }

    static Operation of(OpKind kind, Starter starter) {
        return new Operation() {
            @Override
            public OpKind kind() {
                return kind;
            }

            @Override
            public CompletionStage<?> start(Args args) throws Exception {
                return starter.start(args);
            }
        };
    }
}
