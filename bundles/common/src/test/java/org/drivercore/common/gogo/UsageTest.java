package org.drivercore.common.gogo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.Test;

class UsageTest {

    /** Commands as the bundles write them. */
    public static final class Commands {
        @Descriptor("compare")
        public String compare(@Parameter(names = "--clock", absentValue = "virtual") String clock,
                @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
                String... unexpected) {
            return "";
        }

        public String load(@Parameter(names = "--replace", presentValue = "true", absentValue = "false") boolean replace) {
            return "";
        }

        public String load(@Parameter(names = "--replace", presentValue = "true", absentValue = "false") boolean replace,
                String file) {
            return "";
        }
    }

    @Test
    void optionsFlagsAndPositionalArgumentsComeFromTheAnnotations() {
        assertThat(Usage.of(Commands.class, "compare")).isEqualTo("compare [--clock CLOCK] [--json]");
        assertThat(Usage.of(Commands.class, "load")).isEqualTo("load [--replace] [FILE]");
    }

    @Test
    void leftoverArgumentsAreNamed() {
        assertThatCode(() -> Usage.noMore(Commands.class, "compare", new String[0])).doesNotThrowAnyException();
        assertThatThrownBy(() -> Usage.noMore(Commands.class, "compare", new String[] { "--jsn" }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compare: unknown option '--jsn' (usage: compare [--clock CLOCK] [--json])");
        assertThatThrownBy(() -> Usage.noMore(Commands.class, "compare", new String[] { "extra" }))
                .hasMessageStartingWith("compare: unexpected argument 'extra'");
    }
}
