package org.drivercore.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The quoting of arguments, checked against the real Gogo runtime (the same version as in the
 * distribution), through the launcher's reflective {@link GogoSession}.
 */
class GogoCommandLineTest {

    /** Commands as the shell bundle may write them. */
    public static final class Commands {
        final List<Object> received = new ArrayList<>();

        public String echo(String... args) {
            received.addAll(Arrays.asList(args));
            return "ok";
        }

        public String devices(
                @Parameter(names = { "-j", "--json" }, presentValue = "true", absentValue = "false") boolean json,
                String... rest) {
            received.add(json);
            received.addAll(Arrays.asList(rest));
            return json ? "{\"devices\":[]}" : "plain";
        }

        public Object objects() {
            return List.of(1, 2);
        }

        public String usage() {
            throw new IllegalArgumentException("usage: usage");
        }

        public String broken() {
            throw new IllegalStateException("broken");
        }

        public String none() {
            return null;
        }
    }

    private final Commands commands = new Commands();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private GogoSession session;

    @BeforeEach
    void openSession() {
        CommandProcessorImpl processor = new CommandProcessorImpl();
        processor.addCommand("dc", commands);
        session = GogoSession.open(processor, new ByteArrayInputStream(new byte[0]), out, out);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    private static final List<String> AWKWARD = List.of(
            "plain", "with space", "$x", "${x}", "\"quoted\"", "'single'", "it's", ";", "a;b", "|", "&",
            "{ echo x }", "(1+2)", "[a,b]", "*", "*.json", "~", "#comment", "<", ">", ">out", "2>&1",
            "true", "false", "null", "12", "3.5", "-5", "", " ", "a=b", "--x=y", "\\", "\\n", "tab\there",
            "new\nline", "é ü 日本", "/tmp/dir with space/$HOME.json", "-", "--");

    @Test
    void everyArgumentArrivesLiterally() throws Throwable {
        Object result = session.execute(GogoCommandLine.of("dc", "echo", AWKWARD));

        assertThat(result).isEqualTo("ok");
        assertThat(commands.received).containsExactlyElementsOf(AWKWARD);
    }

    @Test
    void optionsStayLiteralWordsAndReachGogoOptionParsing() throws Throwable {
        GogoCommandLine line = GogoCommandLine.of("dc", "devices", List.of("--json", "a b"));

        assertThat(line.text()).isEqualTo("dc:devices --json $" + GogoCommandLine.VARIABLE_PREFIX + "0");
        assertThat(session.execute(line)).isEqualTo("{\"devices\":[]}");
        assertThat(commands.received).containsExactly(true, "a b");
    }

    @Test
    void shortOptionsToo() throws Throwable {
        assertThat(session.execute(GogoCommandLine.of("dc", "devices", List.of("-j")))).isEqualTo("{\"devices\":[]}");
        assertThat(session.execute(GogoCommandLine.of("dc", "devices", List.of()))).isEqualTo("plain");
    }

    @Test
    void optionsReachAVarargsCommandAsStrings() throws Throwable {
        session.execute(GogoCommandLine.of("dc", "echo", List.of("--json", "-v", "--no-color")));

        assertThat(commands.received).containsExactly("--json", "-v", "--no-color");
    }

    @Test
    void onlyPlainOptionWordsStayLiteral() {
        GogoCommandLine line = GogoCommandLine.of("dc", "echo",
                List.of("--json", "-v", "--strategy=dag", "-5", "--$x", "x"));

        assertThat(line.text()).isEqualTo("dc:echo --json -v $drivercore_arg0 $drivercore_arg1"
                + " $drivercore_arg2 $drivercore_arg3");
        assertThat(line.variables()).containsExactly(
                org.assertj.core.api.Assertions.entry("drivercore_arg0", "--strategy=dag"),
                org.assertj.core.api.Assertions.entry("drivercore_arg1", "-5"),
                org.assertj.core.api.Assertions.entry("drivercore_arg2", "--$x"),
                org.assertj.core.api.Assertions.entry("drivercore_arg3", "x"));
    }

    @Test
    void noArguments() {
        GogoCommandLine line = GogoCommandLine.of("dc", "load", List.of());
        assertThat(line.text()).isEqualTo("dc:load");
        assertThat(line.variables()).isEmpty();
    }

    @Test
    void commandExceptionsComeBackUnwrapped() {
        assertThatThrownBy(() -> session.execute(GogoCommandLine.of("dc", "usage", List.of())))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("usage: usage");
        assertThatThrownBy(() -> session.execute(GogoCommandLine.of("dc", "broken", List.of())))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("broken");
    }

    @Test
    void gogoUsageErrorsAreIllegalArgumentExceptions() {
        Throwable notFound = catchThrowable(GogoCommandLine.of("dc", "nosuchcommand", List.of()));
        assertThat(notFound).isInstanceOf(IllegalArgumentException.class);
        assertThat(Launcher.exitStatus(notFound)).isEqualTo(Launcher.EXIT_USAGE);
        assertThat(Launcher.describe(notFound)).isEqualTo("unknown command 'nosuchcommand'");

        Throwable cannotCoerce = catchThrowable(GogoCommandLine.of("dc", "usage", List.of("extra")));
        assertThat(cannotCoerce).isInstanceOf(IllegalArgumentException.class);
        assertThat(Launcher.exitStatus(cannotCoerce)).isEqualTo(Launcher.EXIT_USAGE);
    }

    @Test
    void resultsAreRendered() throws Throwable {
        assertThat(session.render(session.execute(GogoCommandLine.of("dc", "none", List.of())))).isNull();
        assertThat(session.render(session.execute(GogoCommandLine.of("dc", "objects", List.of()))))
                .contains("1").contains("2");
    }

    private Throwable catchThrowable(GogoCommandLine line) {
        try {
            session.execute(line);
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("no exception from " + line);
    }
}
