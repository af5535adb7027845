package org.drivercore.topology.internal.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A JSON tree that remembers where each value stands in the file, so that errors found after parsing
 * still name file:line:column. Jackson's own trees forget locations.
 */
public final class LocatedJson {

    private LocatedJson() {
    }

    /** Where a value starts. */
    record Where(int line, int column) {
        static Where of(JsonLocation l) {
            return new Where(l.getLineNr(), l.getColumnNr());
        }
    }

    sealed interface Value permits Obj, Arr, Scalar {
        Where where();

        /** What kind of JSON value this is, for messages. */
        String kind();
    }

    /** An object; members keep the file's order. */
    record Obj(Map<String, Member> members, Where where) implements Value {
        @Override
        public String kind() {
            return "an object";
        }
    }

    record Member(String key, Where keyWhere, Value value) {
    }

    record Arr(List<Value> items, Where where) implements Value {
        @Override
        public String kind() {
            return "an array";
        }
    }

    /** A string, number, boolean or null. */
    record Scalar(Object value, JsonToken token, Where where) implements Value {
        @Override
        public String kind() {
            return switch (token) {
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "an integer";
                case VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                default -> "null";
            };
        }
    }

    /** Thrown for a key given twice in one object. */
    static final class DuplicateKey extends IOException {
        private static final long serialVersionUID = 1L;
        final String key;
        final Where where;

        DuplicateKey(String key, Where where) {
            super("key '" + key + "' appears twice in the same object");
            this.key = key;
            this.where = where;
        }
    }

    /** Reads one JSON document; anything after it is an error. */
    static Value read(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            throw new IOException("the file is empty");
        }
        Value v = value(p);
        if (p.nextToken() != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected content after the JSON document");
        }
        return v;
    }

    private static Value value(JsonParser p) throws IOException {
        Where where = Where.of(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Member> members = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Where keyWhere = Where.of(p.currentTokenLocation());
                    p.nextToken();
                    Value v = value(p);
                    if (members.putIfAbsent(key, new Member(key, keyWhere, v)) != null) {
                        throw new DuplicateKey(key, keyWhere);
                    }
                }
                return new Obj(members, where);
            }
            case START_ARRAY -> {
                List<Value> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                return new Arr(items, where);
            }
            case VALUE_STRING -> {
                return new Scalar(p.getText(), t, where);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(p.getNumberValue(), t, where);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(p.getBooleanValue(), t, where);
            }
            case VALUE_NULL -> {
                return new Scalar(null, t, where);
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        }
    }
}
