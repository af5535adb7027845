package org.drivercore.topology.internal.json;

import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonToken;

import org.drivercore.api.MachineException;
import org.drivercore.topology.internal.MachineModel.Location;
import org.drivercore.topology.internal.json.LocatedJson.Arr;
import org.drivercore.topology.internal.json.LocatedJson.Member;
import org.drivercore.topology.internal.json.LocatedJson.Obj;
import org.drivercore.topology.internal.json.LocatedJson.Scalar;
import org.drivercore.topology.internal.json.LocatedJson.Value;

/**
 * Typed access to a {@link LocatedJson} tree: each accessor returns the value it expects or refuses with one
 * {@link MachineException} naming the file, line, column and JSON pointer of the value, and what was expected there.
 */
public abstract class LocatedReader {

    final String source;

    LocatedReader(String source) {
        this.source = source;
    }

    final void keys(Obj o, String ptr, Set<String> allowed) {
        for (Member m : o.members().values()) {
            if (!allowed.contains(m.key())) {
                throw new MachineException(source, m.keyWhere().line(), m.keyWhere().column(), ptr + "/" + escape(m.key()),
                        "unknown key '" + m.key() + "' (allowed here: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    final Value required(Obj o, String ptr, String key) {
        Member m = o.members().get(key);
        if (m == null) {
            throw error(o, ptr, "required key '" + key + "' is missing");
        }
        return m.value();
    }

    final String optionalString(Obj o, String ptr, String key, String absent) {
        Member m = o.members().get(key);
        return m == null ? absent : string(m.value(), ptr + "/" + key);
    }

    /** An optional string value read by {@code reader}; what the reader refuses is an error at the value's place. */
    final <T> T parse(Obj o, String ptr, String key, String absent, Function<String, T> reader,
            String hint) {
        String text = optionalString(o, ptr, key, absent);
        try {
            return reader.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(o.members().get(key).value(), ptr + "/" + key, e.getMessage() + hint);
        }
    }

    final long optionalLong(Obj o, String ptr, String key, long absent, long min) {
        Member m = o.members().get(key);
        if (m == null) {
            return absent;
        }
        if (!(m.value() instanceof Scalar s) || s.token() != JsonToken.VALUE_NUMBER_INT) {
            throw error(m.value(), ptr + "/" + key, "expected an integer, found " + m.value().kind());
        }
        long v = ((Number) s.value()).longValue();
        if (v < min) {
            throw error(m.value(), ptr + "/" + key, key + " must be at least " + min + ", found " + v);
        }
        return v;
    }

    final Obj object(Value v, String ptr) {
        if (v instanceof Obj o) {
            return o;
        }
        throw error(v, ptr, "expected an object, found " + v.kind());
    }

    final Arr array(Value v, String ptr) {
        if (v instanceof Arr a) {
            return a;
        }
        throw error(v, ptr, "expected an array, found " + v.kind());
    }

    final String string(Value v, String ptr) {
        if (v instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
            return (String) s.value();
        }
        throw error(v, ptr, "expected a string, found " + v.kind());
    }

    final boolean bool(Value v, String ptr) {
        if (v instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return (Boolean) s.value();
        }
        throw error(v, ptr, "expected true or false, found " + v.kind());
    }

    final MachineException error(Value v, String ptr, String message) {
        return new MachineException(source, v.where().line(), v.where().column(), ptr.isEmpty() ? "/" : ptr, message);
    }

    static Location location(Value v, String ptr) {
        return new Location(v.where().line(), v.where().column(), ptr);
    }

    /** JSON pointer escaping (RFC 6901). */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
