// The table of operations by name ("producer.send", ...).
package faultline.driver.dispatch;

import faultline.driver.outcome.OpKind;
import java.util.Map;
import java.util.TreeMap;

public final class Operations {
    private final Map<String, Operation> byName = new TreeMap<>();

    public Operations add(String name, OpKind kind, Operation.Starter starter) {
        if (byName.putIfAbsent(name, Operation.of(kind, starter)) != null) throw new IllegalArgumentException("operation " + name + " registered twice");
        return this;
    }

    public Operation get(String name) {
        return byName.get(name);
    }

    public Iterable<String> names() {
        return byName.keySet();
    }
}
