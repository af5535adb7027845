package org.drivercore.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;

/**
 * Bundles and devices that move while a {@code dc:shutdown} runs on the real clock, in Felix: a driver bundle stopped,
 * updated or uninstalled, a bus bundle stopped, the shutdown bundle updated, a device removed and one added, a second
 * shutdown asked for, the framework stopped. Whatever moves, every device of the run ends with exactly one outcome, no
 * driver is called once its bundle has stopped (the modelled driver fails such a call, and no device may fail), the
 * order holds, and the run ends.
 *
 * <p>The machine is {@link TestMachine} with its NVMe functions taking 2 s of emulated time each at time scale 1, so
 * that the test has time to move things while they shut down; everything else takes a few milliseconds.
 */
class MidShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLOW = TestMachine.JSON.replace("\"fixed(5ms)\", \"wait\": \"poll\"",
            "\"fixed(2000ms)\", \"wait\": \"sleep\"");
    private static final String FAN = "/devices/platform/fan";
    /**
     * How long after the shutdown blocked probing its NVMe functions are surely running: the graph is taken and the
     * leaves started within milliseconds of that, and they run for 2 s.
     */
    private static final long INTO_THE_RUN_MS = 300;

    @TempDir
    Path tmp;

    private LaunchedFelix felix;
    private Path report;

    @AfterEach
    void stop() throws Exception {
        if (felix != null) {
            felix.close();
        }
    }

    private void launchSlowMachine() throws Exception {
        assertThat(SLOW).as("the NVMe profile made slow").contains("fixed(2000ms)");
        launch(SLOW, TestMachine.BOUND_DEVICES);
    }

    private void launch(String machine, List<String> bound) throws Exception {
        report = tmp.resolve("report.json");
        felix = LaunchedFelix.launch(tmp, report, null, 0);
        felix.load(TestMachine.write("itest.json", machine), bound, TestMachine.CREATED);
    }

    /** {@code dc:shutdown} on a thread of its own (Gogo's session is per call): its output, or what it threw. */
    private CompletableFuture<String> shutdownInBackground(String options) throws Exception {
        CompletableFuture<String> shutdown = CompletableFuture.supplyAsync(() -> {
            try {
                return felix.gogo("dc:shutdown --clock real --timescale 1 " + options);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        ItSupport.await("the shutdown to block probing", LaunchedFelix.WAIT, () -> {
            try {
                return felix.probingBlocked() || shutdown.isDone();
            } catch (Exception e) {
                return false;
            }
        }, () -> "not blocked");
        assertThat(shutdown).as("the shutdown runs").isNotDone();
        Thread.sleep(INTO_THE_RUN_MS);
        return shutdown;
    }

    private JsonNode awaitPowerOffReport(CompletableFuture<String> shutdown) throws Exception {
        String out = shutdown.get(60, TimeUnit.SECONDS);
        assertThat(out).contains("shutdown (dag, halt, real clock");
        assertThat(felix.framework.waitForStop(LaunchedFelix.WAIT.toMillis()).getType()).isEqualTo(FrameworkEvent.STOPPED);
        return JSON.readTree(report.toFile());
    }

    /** Every device of the machine once, none failed (a driver called after it left fails), the order kept. */
    private static Map<String, JsonNode> assertAccounted(JsonNode r, String... more) {
        Map<String, JsonNode> byPath = new HashMap<>();
        for (JsonNode n : r.path("records")) {
            assertThat(byPath.put(n.path("path").asText(), n)).as("one record per device: " + n).isNull();
            assertThat(n.path("outcome").asText()).as(n.toString()).isEqualTo("done");
        }
        List<String> expected = new ArrayList<>(TestMachine.BOUND_ORDER);
        expected.addAll(List.of(more));
        assertThat(byPath.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.path("deadlock").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.path("orderingViolations").asInt()).as(r.path("violations").toString()).isZero();
        return byPath;
    }

    private static String notes(Map<String, JsonNode> records, String path) {
        return records.get(path).path("notes").toString();
    }

    @ParameterizedTest(name = "the driver bundle {0}")
    @ValueSource(strings = { "stopped", "updated", "uninstalled" })
    void aDriverBundleMovedMidShutdownIsWaitedForAndNotCalledAfterwards(String how) throws Exception {
        launchSlowMachine();
        CompletableFuture<String> shutdown = shutdownInBackground("--halt");

        // Each unbinds its devices, each after its running shutdown (the device lock); an update brings new drivers,
        // which do not bind while the shutdown blocks probing.
        Bundle modelled = felix.bundle(ItSupport.MODELLED_BSN);
        switch (how) {
            case "stopped" -> modelled.stop();
            case "updated" -> modelled.update();
            default -> modelled.uninstall();
        }

        // No device failed: a modelled driver called after its deactivation fails the call. A device whose turn came
        // after its driver left says so ("left before its turn"); which ones did is up to the threads' timing.
        assertAccounted(awaitPowerOffReport(shutdown));
    }

    @Test
    void aBusBundleStoppedMidShutdownIsWaitedForAndNotCalledAfterwards() throws Exception {
        launchSlowMachine();
        CompletableFuture<String> shutdown = shutdownInBackground("--halt");

        felix.bundle("org.drivercore.bus.pci").stop();

        assertAccounted(awaitPowerOffReport(shutdown));
    }

    @Test
    void theShutdownBundleUpdatedMidShutdownInterruptsItAndTheNextPowerOffRuns() throws Exception {
        launchSlowMachine();
        CompletableFuture<String> shutdown = shutdownInBackground("--halt");

        felix.bundle("org.drivercore.shutdown").update();

        assertThatThrownBy(() -> shutdown.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(felix.framework.getState()).as("nothing powered off").isEqualTo(Bundle.ACTIVE);
        assertThat(report).as("no report: the shutdown did not complete").doesNotExist();
        felix.awaitCommand("shutdown");
        assertThat(felix.states()).as("every device still bound").containsEntry(TestMachine.NVME0, "BOUND")
                .containsEntry(TestMachine.BMC, "BOUND");

        felix.framework.stop();
        assertThat(felix.framework.waitForStop(LaunchedFelix.WAIT.toMillis()).getType()).isEqualTo(FrameworkEvent.STOPPED);
        JsonNode r = JSON.readTree(report.toFile());
        assertThat(r.path("trigger").asText()).isEqualTo("framework stop");
        assertAccounted(r);
    }

    @Test
    void aDeviceRemovedMidShutdownCountsAsDoneAndOneAddedIsLeftAlone() throws Exception {
        // A fan waits on NVMe function 1 through a stateless link: removing it unbinds no consumer, so the removal
        // waits for nothing while the fan still waits for its turn.
        String bmc = "{\"path\": \"" + TestMachine.BMC + "\", \"bus\": \"platform\", \"driver\": \"ipmi_si\"}";
        String withFan = SLOW.replace(bmc, bmc + ",\n{\"path\": \"" + FAN + "\", \"bus\": \"platform\", \"driver\": \"ipmi_si\"}")
                .replace("\"links\": [", "\"links\": [\n{\"supplier\": \"" + FAN + "\", \"consumer\": \"" + TestMachine.NVME1
                        + "\", \"flags\": [\"STATELESS\"]},");
        assertThat(withFan).contains("\"" + FAN + "\", \"bus\"").contains("STATELESS");
        List<String> bound = new ArrayList<>(TestMachine.BOUND_DEVICES);
        bound.add(FAN);
        launch(withFan, bound);
        CompletableFuture<String> shutdown = shutdownInBackground("--halt");

        felix.gogo("dc:remove " + FAN);
        felix.gogo("dc:add --bus platform /devices/platform/hotplugged");

        JsonNode r = awaitPowerOffReport(shutdown);
        Map<String, JsonNode> records = assertAccounted(r, FAN);
        assertThat(notes(records, FAN)).contains("removed before its shutdown");
        assertThat(records).doesNotContainKey("/devices/platform/hotplugged");
    }

    @Test
    void aSecondShutdownIsRefusedAndAFrameworkStopWaitsForTheFirst() throws Exception {
        launchSlowMachine();
        CompletableFuture<String> shutdown = shutdownInBackground("--halt");

        assertThatThrownBy(() -> felix.gogo("dc:shutdown --clock virtual")).hasMessageContaining(
                "a system shutdown is already running");
        List<Integer> stopEvents = new ArrayList<>();
        Thread stopper = new Thread(() -> {
            try {
                felix.framework.stop();
                stopEvents.add(felix.framework.waitForStop(LaunchedFelix.WAIT.toMillis()).getType());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();

        String out = shutdown.get(60, TimeUnit.SECONDS);
        assertThat(out).contains("shutdown (dag, halt, real clock");
        stopper.join(LaunchedFelix.WAIT.toMillis());
        assertThat(stopEvents).containsExactly(FrameworkEvent.STOPPED);
        JsonNode r = JSON.readTree(report.toFile());
        assertThat(r.path("trigger").asText()).as("the framework stop did not run a second shutdown").isEqualTo("dc:shutdown");
        assertAccounted(r);
    }
}
