// Cause chains: future wrappers (ExecutionException, CompletionException) say nothing about Kafka and are peeled off.
package faultline.driver.outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

public final class Causes {
    private Causes() {
    }

    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) t = t.getCause();
        return t;
    }

    /** The unwrapped error and its causes, outermost first (cycles cut). */
    public static List<Throwable> chain(Throwable error) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable t = unwrap(error); t != null && !out.contains(t) && out.size() < 16; t = t.getCause()) out.add(t);
        return out;
    }
}
