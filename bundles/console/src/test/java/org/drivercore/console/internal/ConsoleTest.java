package org.drivercore.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.felix.gogo.jline.Builtin;
import org.apache.felix.gogo.jline.Posix;
import org.apache.felix.gogo.jline.Procedural;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.jline.builtins.Completers.CompletionData;
import org.junit.jupiter.api.Test;

/** What the console derives from Gogo and from the commands' annotations. */
class ConsoleTest {

    /** A command class as the shell bundle writes them. */
    public static final class Commands {
        @Descriptor("one device")
        public String device(@Descriptor("print one JSON document") @Parameter(names = "--json", presentValue = "true",
                absentValue = "false") boolean json, @Descriptor("the device: its path") String device,
                @Descriptor("nothing else is taken") String... unexpected) {
            return device;
        }

        @Descriptor("every device")
        public String devices(@Descriptor("print one JSON document") @Parameter(names = "--json", presentValue = "true",
                absentValue = "false") boolean json, @Descriptor("nothing else is taken") String... unexpected) {
            return "";
        }
    }

    @Test
    void completionOffersEachOptionWithItsDescriptionAndDevicesWhereACommandTakesOne() {
        List<CompletionData> device = CommandCompletions.of(Commands.class, "device");
        assertThat(device).anySatisfy(d -> {
            assertThat(d.options).containsExactly("--json");
            assertThat(d.description).isEqualTo("print one JSON document");
        });
        assertThat(device).anySatisfy(d -> assertThat(d.argument).isEqualTo("$" + CommandCompletions.DEVICES_VARIABLE));

        List<CompletionData> devices = CommandCompletions.of(Commands.class, "devices");
        assertThat(devices).singleElement().satisfies(d -> assertThat(d.options).containsExactly("--json"));
    }

    @Test
    void gogosOwnCommandListsAreReadFromItsClasses() {
        for (Class<?> type : List.of(Builtin.class, Procedural.class, Posix.class, Shell.class)) {
            assertThat(TerminalConsole.functions(type)).as(type.getName()).isNotEmpty();
        }
        assertThat(TerminalConsole.functions(Shell.class)).contains("gosh", "help");
        assertThat(TerminalConsole.functions(String.class)).isNull();
    }

    @Test
    void theShellLogsInWithoutItsOwnLoopOrShutdownAndThenTakesGoshArgs() {
        assertThat(TerminalConsole.goshArgs(null)).containsExactly("--login", "--nointeractive", "--noshutdown");
        assertThat(TerminalConsole.goshArgs("--nohistory")).containsExactly("--login", "--nointeractive", "--noshutdown",
                "--nohistory");
    }

    @Test
    void aFailureIsItsMessageAndGogosCannotCoerceIsSaidPlainly() {
        assertThat(ConsoleLoop.describe(new IllegalArgumentException("devices: unknown option '--jsn'")))
                .isEqualTo("devices: unknown option '--jsn'");
        assertThat(ConsoleLoop.describe(new IllegalArgumentException(
                "Cannot coerce bind(String) to any of [(String, String, String[])]")))
                .isEqualTo("bind: missing or wrong arguments; 'help bind' shows its usage");
        assertThat(ConsoleLoop.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }
}
