package org.drivercore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's logic that needs no framework: statuses, messages, output, options. */
class LauncherTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final Launcher launcher = new Launcher(
            new PrintStream(outBytes, true), new PrintStream(errBytes, true), Map.of());

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageOnStandardOutput() {
        assertThat(launcher.run(new String[] { "--help" })).isEqualTo(Launcher.EXIT_OK);
        assertThat(out()).startsWith("Usage: drivercore").contains("--machine FILE").contains("DRIVERCORE_LOG");
        assertThat(err()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageErrorOnStandardError() {
        assertThat(launcher.run(new String[] { "--bogus", "devices" })).isEqualTo(Launcher.EXIT_USAGE);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("unknown option '--bogus'").contains("Usage: drivercore");
    }

    @Test
    void usageErrorsAreIllegalArgumentExceptions() {
        assertThat(Launcher.exitStatus(new IllegalArgumentException("x"))).isEqualTo(Launcher.EXIT_USAGE);
        assertThat(Launcher.exitStatus(new NumberFormatException("x"))).isEqualTo(Launcher.EXIT_USAGE);
        assertThat(Launcher.exitStatus(new IllegalStateException("x"))).isEqualTo(Launcher.EXIT_FAILURE);
        assertThat(Launcher.exitStatus(new RuntimeException("x"))).isEqualTo(Launcher.EXIT_FAILURE);
        assertThat(Launcher.exitStatus(new AssertionError("x"))).isEqualTo(Launcher.EXIT_FAILURE);
    }

    @Test
    void describeUsesTheMessageOrTheClass() {
        assertThat(Launcher.describe(new IllegalStateException("cannot read /x.json: no such file")))
                .isEqualTo("cannot read /x.json: no such file");
        assertThat(Launcher.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void aRunThatDoesNotFitNamesTheHeapAndTheSettingToRaiseIt() {
        assertThat(Launcher.describe(new OutOfMemoryError("Java heap space")))
                .startsWith("out of memory (Java heap space) with a heap of at most ")
                .endsWith(" MiB: run again with a larger one, e.g. DRIVERCORE_HEAP=8g");
    }

    @Test
    void unwrapRemovesReflectionLayers() {
        IllegalStateException cause = new IllegalStateException("x");
        Throwable wrapped = new java.lang.reflect.InvocationTargetException(
                new java.lang.reflect.InvocationTargetException(cause));
        assertThat(GogoSession.unwrap(wrapped)).isSameAs(cause);
        assertThat(GogoSession.unwrap(cause)).isSameAs(cause);
    }

    @Test
    void resultsGetExactlyOneTrailingNewlineAndAreUtf8() {
        PrintStream stream = new PrintStream(outBytes, true, StandardCharsets.ISO_8859_1);
        Launcher.printResult(stream, "{\"a\":\"é\"}");
        Launcher.printResult(stream, "two\n");
        Launcher.printResult(stream, "");
        assertThat(out()).isEqualTo("{\"a\":\"é\"}\ntwo\n\n");
    }

    @Test
    void loadCommandPassesTheMachineLiterally() {
        assertThat(Launcher.loadCommand(null).text()).isEqualTo("dc:load");
        GogoCommandLine load = Launcher.loadCommand("/tmp/a b/$m.json");
        assertThat(load.text()).isEqualTo("dc:load $drivercore_arg0");
        assertThat(load.variables()).containsEntry("drivercore_arg0", "/tmp/a b/$m.json");
    }

    @Test
    void commandFunctionPropertyShapes() {
        assertThat(Container.names("load")).containsExactly("load");
        assertThat(Container.names(new String[] { "load", "devices" })).containsExactly("load", "devices");
        assertThat(Container.names(List.of("tree"))).containsExactly("tree");
        assertThat(Container.names(null)).isEmpty();
    }

    @Test
    void logLevels() {
        assertThat(LogLevel.parse(null, LogLevel.WARN)).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.parse(" ", LogLevel.INFO)).isEqualTo(LogLevel.INFO);
        assertThat(LogLevel.parse("DEBUG", LogLevel.WARN)).isEqualTo(LogLevel.DEBUG);
        assertThat(LogLevel.parse("error", LogLevel.WARN)).isEqualTo(LogLevel.ERROR);
        assertThat(LogLevel.parse("warning", LogLevel.INFO)).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.parse("loud", LogLevel.INFO)).isNull();
        assertThat(LogLevel.INFO.slf4jName()).isEqualTo("info");
        assertThat(LogLevel.DEBUG.felixLevel()).isEqualTo(4);
        assertThat(LogLevel.WARN.includes(LogLevel.ERROR)).isTrue();
        assertThat(LogLevel.WARN.includes(LogLevel.INFO)).isFalse();
    }

    @Test
    void felixLogGoesToStandardErrorAtItsLevel() {
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        StderrLogger logger = new StderrLogger(err, StderrLogger.LOG_WARNING);
        logger.log(StderrLogger.LOG_ERROR, "resolution failed",
                new org.osgi.framework.BundleException("cannot start", new IllegalStateException("root")));
        logger.log(StderrLogger.LOG_WARNING, "careful");
        logger.log(StderrLogger.LOG_DEBUG, "WIRE: hidden");
        assertThat(err()).isEqualTo("felix ERROR: resolution failed (java.lang.IllegalStateException: root)\n"
                + "felix WARN: careful\n");
    }

    @Test
    void deleteRecursively(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("storage");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/c.txt"), "x");
        Files.writeString(root.resolve("d.txt"), "y");
        Container.deleteRecursively(root);
        assertThat(root).doesNotExist();
        Container.deleteRecursively(root); // gone already: no error
    }
}
