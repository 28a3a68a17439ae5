package dev.runwall.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.regex.Pattern;

/** The one JSON configuration of Runwall's files: ISO-8601 times, unknown fields tolerated on read. */
public final class JsonCodec {
    // Configured once here and never changed afterwards; ObjectMapper is thread-safe in that use.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    /** Jackson's "[Source: REDACTED (...); line: 1, column: 1]": where the problem's context began. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]");

    private JsonCodec() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * What is wrong with a JSON text, in Jackson's words, without its location (the caller names the file and
     * line) and with the pointers into the source that some messages carry shortened to "line L, column C".
     */
    public static String problem(JacksonException e) {
        String message = e.getOriginalMessage();
        return message == null ? "" : SOURCE.matcher(message).replaceAll("line $1, column $2");
    }
}
