package io.kopilka.platform;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How every request body is read, POS and head office alike (docs/api/problems.md, Strictness): a body is
 * one JSON value and nothing after it, an object names each key once, and no string, key or value, holds
 * what PostgreSQL cannot store. Unknown keys stay ignored, so that a newer register works with an older
 * server.
 */
@Singleton
public class StrictJsonReading implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.registerModule(new SimpleModule("kopilka-storable-strings")
                .addDeserializer(String.class, new StorableStrings())
                .addKeyDeserializer(String.class, new StorableKeys()));
    }

    /** A string that cannot be stored; mapped to a 400 naming the field (ProblemMappers.fromJackson). */
    public static final class UnstorableText extends MismatchedInputException {

        UnstorableText(JsonParser p, String message) {
            super(p, message, String.class);
        }
    }

    static final class StorableStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return checked(p, super.deserialize(p, ctxt));
        }
    }

    static final class StorableKeys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            return checked(ctxt.getParser(), key);
        }
    }

    static String checked(JsonParser p, String s) throws UnstorableText {
        String why = s == null ? null : PlainText.unstorable(s);
        if (why != null) {
            throw new UnstorableText(p, why);
        }
        return s;
    }
}
