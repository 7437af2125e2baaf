package io.kopilka.platform;

import java.io.IOException;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * Request bodies of the head-office API are read without Jackson's lenient coercions: {@code 1.5}
 * is not silently the integer 1, {@code "5"} is not a number and {@code 123} is not a name. A wrong
 * JSON type becomes a 400 naming the field instead of a value nobody sent.
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    private static volatile ObjectMapper strict;

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        ObjectMapper m = strict;
        if (m == null) {
            m = strictCopy(mapper);
            strict = m;
        }
        return m.readerFor(m.constructType(type));
    }

    /** A time is an ISO-8601 string: a number of epoch seconds (even -1e308) is not silently some date. */
    static final class IsoTimes extends StdScalarDeserializer<OffsetDateTime> {

        IsoTimes() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (OffsetDateTime) ctxt.handleUnexpectedToken(OffsetDateTime.class, p);
            }
            String text = p.getText();
            if (!text.isEmpty() && text.trim().isEmpty()) {
                return (OffsetDateTime) ctxt.handleWeirdStringValue(OffsetDateTime.class, text, "not a time");
            }
            return InstantDeserializer.OFFSET_DATE_TIME.deserialize(p, ctxt);
        }
    }

    static ObjectMapper strictCopy(ObjectMapper mapper) {
        ObjectMapper m = mapper.copy();
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // "\u0000" or "  " is no number and no absent value: only "" still reads as null
        m.coercionConfigDefaults().setAcceptBlankAsEmpty(false);
        m.registerModule(new SimpleModule("kopilka-strict-times").addDeserializer(OffsetDateTime.class, new IsoTimes()));
        return m;
    }
}
