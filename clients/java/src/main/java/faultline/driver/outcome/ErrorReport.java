// The protocol's error object: {class, message, causeChain: [{class, message}], kafkaError?, outcome, detail?}.
package faultline.driver.outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class ErrorReport {
    private ErrorReport() {
    }

    public static Map<String, Object> of(Throwable error, Outcome outcome) {
        Throwable top = Causes.unwrap(error);
        Map<String, Object> detail = null;
        if (top instanceof ClassifiedFailure && top.getCause() != null) {
            detail = ((ClassifiedFailure) top).detail;
            top = Causes.unwrap(top.getCause());
        }
        List<Throwable> chain = Causes.chain(top);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("class", top.getClass().getName());
        report.put("message", String.valueOf(top.getMessage()));
        List<Map<String, Object>> causes = new ArrayList<>();
        for (Throwable cause : chain.subList(1, chain.size())) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", cause.getClass().getName());
            c.put("message", String.valueOf(cause.getMessage()));
            causes.add(c);
        }
        report.put("causeChain", causes);
        String kafkaError = OutcomeRules.kafkaError(top);
        if (kafkaError != null) report.put("kafkaError", kafkaError);
        report.put("outcome", outcome.wire);
        if (detail != null && !detail.isEmpty()) report.put("detail", detail);
        return report;
    }
}
