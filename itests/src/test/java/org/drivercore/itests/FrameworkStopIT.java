package org.drivercore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * docs/design.md, "System shutdown in the container": stopping the framework is a power-off, and the device shutdown
 * runs first, while every driver bundle is still active. Pax Exam cannot survive the stop of its own framework, so
 * this test launches Felix itself through {@link FrameworkFactory}, with the bundles and start levels of the
 * distribution's {@code conf/config.properties} ({@link LaunchedFelix}), and watches the stop from outside: a
 * {@link SynchronousBundleListener} notes ({@link System#nanoTime()}) when each bundle begins to stop, and the
 * coordinator writes its report to the file named by the framework property {@code drivercore.shutdown.report}.
 */
class FrameworkStopIT {

    private static final String SHUTDOWN_BSN = "org.drivercore.shutdown";
    private static final String MODELLED_BSN = "org.drivercore.driver.modelled";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The distribution's beginning start level: the shutdown bundle's. */
    private static final int BEGINNING = 7;

    @TempDir
    Path tmp;

    private LaunchedFelix felix;
    private Framework framework;
    private Path report;
    /** When each bundle (by symbolic name) began to stop, the first time. */
    private final Map<String, Long> stopping = new ConcurrentHashMap<>();
    /** When each bundle had stopped, the first time. */
    private final Map<String, Long> stopped = new ConcurrentHashMap<>();

    @AfterEach
    void stopFramework() throws Exception {
        if (felix != null) {
            felix.close();
        }
    }

    // ---------------------------------------------------------------- tests

    /**
     * Driver bundle at level 4 (as the distribution installs it) and at 6 (as if hot-deployed into deploy/): either
     * way every device has shut down, in order, before the first driver or bus bundle begins to stop.
     */
    @ParameterizedTest(name = "modelled driver bundle at start level {0}")
    @ValueSource(ints = { 4, 6 })
    void frameworkStopShutsEveryDeviceDownBeforeAnyDriverBundleStops(int driverLevel) throws Exception {
        launch(driverLevel);
        loadTestMachine();
        watchStopping();

        framework.stop();
        FrameworkEvent event = framework.waitForStop(WAIT.toMillis());
        assertThat(event.getType()).as("the framework stopped").isEqualTo(FrameworkEvent.STOPPED);

        JsonNode r = readReport();
        assertThat(r.path("trigger").asText()).isEqualTo("framework stop");
        assertThat(r.path("mode").asText()).isEqualTo("poweroff");
        assertThat(r.path("clock").asText()).isEqualTo("real");
        assertThat(r.path("machine").asText()).isEqualTo("itest");
        assertThat(r.path("name").asText()).isEqualTo("dag");
        assertThat(r.path("devices").asInt()).isEqualTo(TestMachine.BOUND_ORDER.size());
        assertThat(r.path("deadlock").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.path("orderingViolations").asInt()).as(r.path("violations").toString()).isZero();
        assertThat(r.path("outcomes").path("done").asInt()).as(r.toString()).isEqualTo(TestMachine.BOUND_ORDER.size());
        assertOrderedTrace(r.path("records"));

        // The barrier released before any driver, bus or the registry began to stop; the shutdown bundle first.
        long barrier = r.path("endedNanoTime").asLong();
        long started = r.path("startedNanoTime").asLong();
        Map<String, Long> drivers = new HashMap<>();
        stopping.forEach((bsn, t) -> {
            if (bsn.startsWith("org.drivercore.driver.") || bsn.startsWith("org.drivercore.bus.")
                    || bsn.equals("org.drivercore.core")) {
                drivers.put(bsn, t);
            }
        });
        assertThat(drivers).as("driver and bus bundles seen stopping: " + stopping).containsKey(MODELLED_BSN)
                .containsKey("org.drivercore.bus.pci").containsKey("org.drivercore.core");
        long firstDriverStop = drivers.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(barrier).as("the barrier (%d) before the first driver/bus bundle stopping (%d): %s", barrier,
                firstDriverStop, drivers).isLessThan(firstDriverStop);
        // The device shutdown ran while the shutdown bundle was stopping: it is the first bundle to stop (the highest
        // start level), and it had not stopped yet when the barrier released. (When this listener hears of its
        // STOPPING, before or after SCR has deactivated the coordinator, is up to the framework: not compared.)
        assertThat(stopping.get(SHUTDOWN_BSN)).as("the shutdown bundle stopping").isNotNull().isLessThan(firstDriverStop);
        assertThat(stopped.get(SHUTDOWN_BSN)).as("the shutdown bundle stopped after the barrier").isNotNull()
                .isGreaterThan(barrier);
        assertThat(started).isLessThan(barrier);
    }

    /** docs/design.md: stopping or updating the shutdown bundle alone shuts nothing down. */
    @Test
    void stoppingOrUpdatingTheShutdownBundleAloneShutsNothingDown() throws Exception {
        launch(4);
        loadTestMachine();
        Bundle shutdown = bundle(SHUTDOWN_BSN);

        shutdown.stop();
        shutdown.start();
        shutdown.update();
        awaitCommand("compare");

        assertThat(report).as("a report: the device shutdown ran").doesNotExist();
        String devices = gogo("dc:devices --json");
        assertThat(JSON.readTree(devices).path("devices")).hasSize(TestMachine.BOUND_ORDER.size());
    }

    /** A reboot through {@code dc:shutdown --reboot} shuts the devices down once, then Felix restarts. */
    @Test
    void aRebootThroughDcShutdownRunsTheDeviceShutdownOnce() throws Exception {
        launch(4);
        loadTestMachine();
        watchStopping();

        String out = gogo("dc:shutdown --reboot --clock virtual");
        assertThat(out).contains("shutdown (dag, reboot, virtual clock)").contains("rebooting");
        FrameworkEvent event = framework.waitForStop(WAIT.toMillis());
        assertThat(event.getType()).as("the framework stopped for an update (reboot)").isEqualTo(FrameworkEvent.STOPPED_UPDATE);

        // Had the framework stop of the reboot run the shutdown again, it would have rewritten the report.
        JsonNode r = readReport();
        assertThat(r.path("trigger").asText()).isEqualTo("dc:shutdown");
        assertThat(r.path("mode").asText()).isEqualTo("reboot");
        assertThat(r.path("outcomes").path("done").asInt()).isEqualTo(TestMachine.BOUND_ORDER.size());
        assertThat(r.path("orderingViolations").asInt()).isZero();
        assertOrderedTrace(r.path("records"));
        assertThat(r.path("endedNanoTime").asLong()).isLessThan(stopping.get(MODELLED_BSN));

        // Felix restarts itself; the next power-off (on an empty registry: the machine is not loaded again) runs.
        Files.delete(report);
        awaitReady();
        framework.stop();
        assertThat(framework.waitForStop(WAIT.toMillis()).getType()).isEqualTo(FrameworkEvent.STOPPED);
        JsonNode after = readReport();
        assertThat(after.path("trigger").asText()).isEqualTo("framework stop");
        assertThat(after.path("devices").asInt()).isZero();
    }

    /**
     * A kexec through {@code dc:shutdown --mode kexec} restarts Felix as a reboot does, and {@code pci_device_shutdown()}
     * clears bus mastering on every PCI device, bound or not (only when a kexec is in progress).
     */
    @Test
    void aKexecClearsBusMasteringOnEveryPciDevice() throws Exception {
        launch(4);
        loadTestMachine();

        String out = gogo("dc:shutdown --mode kexec --clock virtual");
        assertThat(out).contains("shutdown (dag, kexec, virtual clock)");
        assertThat(framework.waitForStop(WAIT.toMillis()).getType()).isEqualTo(FrameworkEvent.STOPPED_UPDATE);

        JsonNode r = readReport();
        assertThat(r.path("mode").asText()).isEqualTo("kexec");
        Map<String, String> notes = new HashMap<>();
        r.path("records").forEach(n -> notes.put(n.path("path").asText(), n.path("notes").toString()));
        for (String pci : List.of(TestMachine.PORT, TestMachine.BRIDGE, TestMachine.NVME0, TestMachine.NVME1)) {
            assertThat(notes.get(pci)).as(pci).contains("pci_clear_master()");
        }
        assertThat(notes.get(TestMachine.BMC)).as("a platform device").doesNotContain("pci_clear_master()");
        awaitReady();
        framework.stop();
        framework.waitForStop(WAIT.toMillis());
    }

    // ---------------------------------------------------------------- checks

    /**
     * Independent of the coordinator's own checker: every device ended before its ancestors started, and the
     * NVMe function consuming the BMC's link ended before the BMC started.
     */
    private static void assertOrderedTrace(JsonNode records) {
        Map<String, JsonNode> byPath = new HashMap<>();
        records.forEach(n -> byPath.put(n.path("path").asText(), n));
        assertThat(byPath.keySet()).containsExactlyInAnyOrderElementsOf(TestMachine.BOUND_ORDER);
        for (JsonNode n : records) {
            assertThat(n.path("outcome").asText()).as(n.toString()).isEqualTo("done");
            assertThat(n.path("endMs").isNumber()).as(n.toString()).isTrue();
        }
        for (JsonNode ancestor : records) {
            String path = ancestor.path("path").asText();
            for (JsonNode d : records) {
                if (d.path("path").asText().startsWith(path + "/") && ancestor.path("startMs").isNumber()) {
                    assertThat(d.path("endMs").asDouble()).as("%s ended before its ancestor %s started", d.path("path"), path)
                            .isLessThanOrEqualTo(ancestor.path("startMs").asDouble());
                }
            }
        }
        assertThat(byPath.get(TestMachine.NVME0).path("endMs").asDouble()).as("consumer before supplier")
                .isLessThanOrEqualTo(byPath.get(TestMachine.BMC).path("startMs").asDouble());
    }

    private JsonNode readReport() throws Exception {
        assertThat(report).as("the shutdown report").exists();
        return JSON.readTree(report.toFile());
    }

    // ---------------------------------------------------------------- the container

    private void launch(int driverLevel) throws Exception {
        report = tmp.resolve("report.json");
        distributionStartLevels();
        felix = LaunchedFelix.launch(tmp, report, MODELLED_BSN, driverLevel);
        framework = felix.framework;
    }

    /**
     * {@code felix.auto.start.N} of the distribution's {@code conf/config.properties}: bundle file name (without
     * {@code .jar}) to start level, so that this test stops the bundles in the order the distribution does.
     */
    static Map<String, Integer> distributionStartLevels() {
        java.util.Properties p = Distribution.config();
        Map<String, Integer> levels = new java.util.TreeMap<>();
        Distribution.allBundles().forEach(b -> levels.put(b.name(), b.startLevel()));
        assertThat(levels).as("conf/config.properties").containsEntry("slf4j-api", 1).containsEntry(MODELLED_BSN, 4)
                .containsKeys("org.apache.felix.scr", "org.drivercore.core", "org.drivercore.topology", "org.drivercore.shell");
        assertThat(levels.get(SHUTDOWN_BSN)).as("the shutdown bundle's level, above every other (and the hot-deploy level 6)")
                .isGreaterThan(6).isEqualTo(levels.values().stream().mapToInt(Integer::intValue).max().orElseThrow());
        assertThat(levels.values().stream().filter(l -> l.equals(levels.get(SHUTDOWN_BSN))).count())
                .as("bundles at the shutdown bundle's level").isEqualTo(1);
        assertThat(p.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL)).as("the beginning start level")
                .isEqualTo(String.valueOf(BEGINNING));
        return levels;
    }

    private void watchStopping() {
        framework.getBundleContext().addBundleListener((SynchronousBundleListener) e -> {
            if (e.getType() == BundleEvent.STOPPING) {
                stopping.putIfAbsent(e.getBundle().getSymbolicName(), System.nanoTime());
            } else if (e.getType() == BundleEvent.STOPPED) {
                stopped.putIfAbsent(e.getBundle().getSymbolicName(), System.nanoTime());
            }
        });
    }

    private void loadTestMachine() throws Exception {
        felix.loadTestMachine();
    }

    private void awaitReady() {
        felix.awaitReady();
    }

    private void awaitCommand(String function) {
        felix.awaitCommand(function);
    }

    private Bundle bundle(String bsn) {
        return felix.bundle(bsn);
    }

    private String gogo(String line) throws Exception {
        return felix.gogo(line);
    }
}
