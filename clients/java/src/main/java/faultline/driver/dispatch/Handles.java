// The open clients by handle id ("producer-1", "consumer-2", ...). Ids are never reused within a driver.
package faultline.driver.dispatch;

import faultline.driver.protocol.Args;
import faultline.driver.protocol.BadRequest;
import faultline.driver.protocol.UnknownHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

public final class Handles {
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    public String add(Session session) {
        String id = session.kind() + "-" + next.getAndIncrement();
        sessions.put(id, session);
        return id;
    }

    /** The session named by args.handle, which must be of the given type. */
    public <T extends Session> T get(Args args, Class<T> type) throws BadRequest {
        return get(args.string("handle"), type);
    }

    public <T extends Session> T get(String id, Class<T> type) throws BadRequest {
        Session s = sessions.get(id);
        if (s == null) throw new UnknownHandle("no open handle " + id);
        if (!type.isInstance(s)) throw new UnknownHandle("handle " + id + " is a " + s.kind() + ", not a " + kindOf(type));
        return type.cast(s);
    }

    public Session remove(Args args) throws BadRequest {
        String id = args.string("handle");
        Session s = sessions.remove(id);
        if (s == null) throw new UnknownHandle("no open handle " + id);
        return s;
    }

    public List<Session> removeAll() {
        List<Session> all = new ArrayList<>();
        for (String id : new ArrayList<>(sessions.keySet())) {
            Session s = sessions.remove(id);
            if (s != null) all.add(s);
        }
        return all;
    }

    public int size() {
        return sessions.size();
    }

    private static String kindOf(Class<?> type) {
        String name = type.getSimpleName();
        return name.endsWith("Session") ? name.substring(0, name.length() - "Session".length()).toLowerCase() : name;
    }
}
