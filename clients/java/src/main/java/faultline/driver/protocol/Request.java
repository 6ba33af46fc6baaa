// One protocol request: {"id": <integer or string>, "op": "<name>", "args": {...}}. The id is echoed verbatim.
package faultline.driver.protocol;

import faultline.driver.json.Json;
import faultline.driver.json.JsonException;
import java.util.Map;

public final class Request {
    public final Object id;
    public final String op;
    public final Args args;

    public Request(Object id, String op, Args args) {
        this.id = id;
        this.op = op;
        this.args = args;
    }

    /** Parses a line; a failure carries whatever id could be read, so the response can still name the request. */
    public static Request parse(String line) throws BadRequest {
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (JsonException e) {
            throw new BadRequest(null, "not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?>)) throw new BadRequest(null, "a request is a JSON object");
        Map<?, ?> map = (Map<?, ?>) parsed;
        Object id = map.get("id");
        if (!(id instanceof Long || id instanceof String)) throw new BadRequest(null, "id: expected an integer or a string");
        Object op = map.get("op");
        if (!(op instanceof String)) throw new BadRequest(id, "op: expected a string");
        Object args = map.get("args");
        if (args == null) return new Request(id, (String) op, Args.empty("args"));
        if (!(args instanceof Map<?, ?>)) throw new BadRequest(id, "args: expected an object");
        return new Request(id, (String) op, Args.of((Map<?, ?>) args, "args"));
    }
}
