// Typed, path-aware access to a request's JSON arguments: a missing or mistyped argument is a BadRequest naming it
// (e.g. `args.partitions[2].topic: expected a string`).
package faultline.driver.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Args {
    private final Map<String, Object> values;
    private final String path;

    public Args(Map<String, Object> values, String path) {
        this.values = values;
        this.path = path;
    }

    public static Args empty(String path) {
        return new Args(Collections.emptyMap(), path);
    }

    /** Wraps a parsed JSON object (its keys are strings already; any other key is written as a string). */
    public static Args of(Map<?, ?> map, String path) {
        return new Args(stringKeyed(map), path);
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public String string(String name) throws BadRequest {
        return require(name, optString(name));
    }

    public String optString(String name) throws BadRequest {
        Object v = values.get(name);
        if (v == null || v instanceof String) return (String) v;
        throw mistyped(name, "a string");
    }

    public long longValue(String name) throws BadRequest {
        return require(name, optLong(name));
    }

    public Long optLong(String name) throws BadRequest {
        Object v = values.get(name);
        if (v == null || v instanceof Long) return (Long) v;
        throw mistyped(name, "an integer");
    }

    public long optLong(String name, long fallback) throws BadRequest {
        Long v = optLong(name);
        return v == null ? fallback : v;
    }

    public int intValue(String name) throws BadRequest {
        return require(name, optInt(name));
    }

    public Integer optInt(String name) throws BadRequest {
        Long v = optLong(name);
        if (v == null) return null;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw mistyped(name, "a 32-bit integer");
        return v.intValue();
    }

    public int optInt(String name, int fallback) throws BadRequest {
        Integer v = optInt(name);
        return v == null ? fallback : v;
    }

    public boolean optBoolean(String name, boolean fallback) throws BadRequest {
        Object v = values.get(name);
        if (v == null) return fallback;
        if (v instanceof Boolean) return (Boolean) v;
        throw mistyped(name, "true or false");
    }

    /** A nested object; an absent one reads as empty. */
    public Args object(String name) throws BadRequest {
        Object v = values.get(name);
        if (v == null) return empty(at(name));
        if (v instanceof Map<?, ?>) return of((Map<?, ?>) v, at(name));
        throw mistyped(name, "an object");
    }

    /** A list of objects. */
    public List<Args> objects(String name) throws BadRequest {
        List<Args> out = new ArrayList<>();
        List<Object> items = list(name);
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof Map<?, ?>)) throw new BadRequest(at(name) + "[" + i + "]: expected an object");
            out.add(of((Map<?, ?>) item, at(name) + "[" + i + "]"));
        }
        return out;
    }

    public List<String> strings(String name) throws BadRequest {
        List<String> out = new ArrayList<>();
        List<Object> items = list(name);
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String)) throw new BadRequest(at(name) + "[" + i + "]: expected a string");
            out.add((String) items.get(i));
        }
        return out;
    }

    private List<Object> list(String name) throws BadRequest {
        Object v = values.get(name);
        if (v == null) throw new BadRequest(at(name) + ": required");
        if (!(v instanceof List<?>)) throw mistyped(name, "an array");
        return new ArrayList<>((List<?>) v);
    }

    /** Every member as a string (client configs: numbers and booleans are written as Kafka reads them). */
    public Map<String, String> stringMap() throws BadRequest {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) out.put(e.getKey(), String.valueOf(v));
            else if (v != null) throw new BadRequest(at(e.getKey()) + ": expected a string, number or boolean");
        }
        return out;
    }

    public String path() {
        return path;
    }

    private String at(String name) {
        return path + "." + name;
    }

    private <T> T require(String name, T value) throws BadRequest {
        if (value == null) throw new BadRequest(at(name) + ": required");
        return value;
    }

    private BadRequest mistyped(String name, String expected) {
        return new BadRequest(at(name) + ": expected " + expected);
    }

    private static Map<String, Object> stringKeyed(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }
}
