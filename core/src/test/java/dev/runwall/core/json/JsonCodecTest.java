package dev.runwall.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    @Test
    void aProblemIsJacksonsWordsWithItsSourcePointerShortenedToLineAndColumn() {
        JacksonException e = catchThrowableOfType(JacksonException.class,
                () -> JsonCodec.mapper().readTree("\n  {\"a\": 1"));
        assertThat(JsonCodec.problem(e))
                .isEqualTo("Unexpected end-of-input: expected close marker for Object (start marker at line 2, column 3)");
    }

    @Test
    void aProblemWithoutASourcePointerIsLeftAsItIs() {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> JsonCodec.mapper().readTree("[1,]"));
        assertThat(JsonCodec.problem(e)).startsWith("Unexpected character (']'").doesNotContain("Source");
    }
}
