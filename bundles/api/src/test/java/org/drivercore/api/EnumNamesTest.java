package org.drivercore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnumNamesTest {

    enum Policy { OFF, OPT_IN, ALL }

    @Test
    void externalNamesAreLowerCaseWithDashes() {
        assertThat(EnumNames.external(Policy.OPT_IN)).isEqualTo("opt-in");
        assertThat(EnumNames.choices(Policy.class)).isEqualTo("off, opt-in or all");
    }

    @Test
    void parsingIgnoresCaseDashesAndUnderscores() {
        assertThat(EnumNames.find(Policy.class, " Opt-In ")).hasValue(Policy.OPT_IN);
        assertThat(EnumNames.find(Policy.class, "optin")).hasValue(Policy.OPT_IN);
        assertThat(EnumNames.find(Policy.class, "OPT_IN")).hasValue(Policy.OPT_IN);
        assertThat(EnumNames.find(Policy.class, "sometimes")).isEmpty();
        assertThat(EnumNames.find(Policy.class, null)).isEmpty();
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> EnumNames.parse(Policy.class, "async policy", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("async policy 'x' is unknown (expected off, opt-in or all)");
    }
}
