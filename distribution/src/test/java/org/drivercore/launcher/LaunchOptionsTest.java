package org.drivercore.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.drivercore.launcher.LaunchOptions.UsageException;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void noArgumentsIsTheInteractiveShellOnTheDefaultMachine() throws Exception {
        LaunchOptions options = LaunchOptions.parse();
        assertThat(options.interactive()).isTrue();
        assertThat(options.help()).isFalse();
        assertThat(options.machine()).isNull();
        assertThat(options.command()).isNull();
        assertThat(options.arguments()).isEmpty();
    }

    @Test
    void commandTakesEverythingAfterItIncludingOptions() throws Exception {
        LaunchOptions options = LaunchOptions.parse("devices", "--json", "--machine", "x", "-h");
        assertThat(options.interactive()).isFalse();
        assertThat(options.command()).isEqualTo("devices");
        assertThat(options.arguments()).containsExactly("--json", "--machine", "x", "-h");
        assertThat(options.machine()).isNull();
        assertThat(options.help()).isFalse();
    }

    @Test
    void machineBeforeTheCommand() throws Exception {
        LaunchOptions options = LaunchOptions.parse("--machine", "/tmp/m.json", "tree");
        assertThat(options.machine()).isEqualTo("/tmp/m.json");
        assertThat(options.command()).isEqualTo("tree");
        assertThat(options.arguments()).isEmpty();
    }

    @Test
    void machineAloneIsTheInteractiveShellOnThatMachine() throws Exception {
        LaunchOptions options = LaunchOptions.parse("--machine=with space.json");
        assertThat(options.machine()).isEqualTo("with space.json");
        assertThat(options.interactive()).isTrue();
    }

    @Test
    void machineWithoutFileIsAUsageError() {
        assertThatThrownBy(() -> LaunchOptions.parse("--machine"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--machine");
        assertThatThrownBy(() -> LaunchOptions.parse("--machine="))
                .isInstanceOf(UsageException.class).hasMessageContaining("--machine");
    }

    @Test
    void help() throws Exception {
        assertThat(LaunchOptions.parse("--help").help()).isTrue();
        assertThat(LaunchOptions.parse("-h").help()).isTrue();
        assertThat(LaunchOptions.parse("--machine", "m", "-h", "devices").help()).isTrue();
    }

    @Test
    void unknownOptionBeforeTheCommandIsAUsageError() {
        assertThatThrownBy(() -> LaunchOptions.parse("--json", "devices"))
                .isInstanceOf(UsageException.class).hasMessageContaining("'--json'");
        assertThatThrownBy(() -> LaunchOptions.parse("-x"))
                .isInstanceOf(UsageException.class).hasMessageContaining("'-x'");
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        LaunchOptions options = LaunchOptions.parse("--", "devices", "--help");
        assertThat(options.command()).isEqualTo("devices");
        assertThat(options.arguments()).containsExactly("--help");
        assertThat(options.help()).isFalse();
    }

    @Test
    void scopedCommandNameIsAccepted() throws Exception {
        assertThat(LaunchOptions.parse("dc:devices").command()).isEqualTo("devices");
        assertThat(LaunchOptions.parse("critical-path").command()).isEqualTo("critical-path");
    }

    @Test
    void commandMustBeAPlainWord() {
        for (String bad : new String[] { "a;b", "$x", "{x}", "a b", "1abc", "felix:lb", "", "a-", "a--b" }) {
            assertThatThrownBy(() -> LaunchOptions.parse(bad)).as(bad)
                    .isInstanceOf(UsageException.class).hasMessageContaining("not a command name");
        }
    }

    @Test
    void argumentsAreImmutable() throws Exception {
        LaunchOptions options = LaunchOptions.parse("load", "x");
        assertThatThrownBy(() -> options.arguments().add("y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void webIsForTheShellOnly() throws Exception {
        assertThat(LaunchOptions.parse("--web").web()).isTrue();
        assertThat(LaunchOptions.parse("--machine", "m.json", "--web").interactive()).isTrue();
        assertThat(LaunchOptions.parse().web()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LaunchOptions.parse("--web", "devices"))
                .hasMessage("--web serves the web console beside the shell: give it without a COMMAND");
    }
}
