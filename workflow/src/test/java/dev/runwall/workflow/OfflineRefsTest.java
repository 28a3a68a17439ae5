package dev.runwall.workflow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OfflineRefsTest {
    @Test
    void aCutOffFileIsNamedWithItsLineAndJacksonsWordsWithoutItsSourcePointer() {
        assertThatThrownBy(() -> OfflineRefs.parse("{\n  \"actions/checkout\": {", "refs.json"))
                .isInstanceOf(InvalidRefsFileException.class)
                .hasMessage("refs.json:2: not valid JSON: Unexpected end-of-input: expected close marker for Object "
                        + "(start marker at line 2, column 23)");
    }

    @Test
    void aFileThatIsNotAnObjectSaysWhatItShouldBe() {
        assertThatThrownBy(() -> OfflineRefs.parse("[]", "refs.json"))
                .hasMessage("refs.json: expected a JSON object mapping \"owner/repo\" to its refs");
    }
}
