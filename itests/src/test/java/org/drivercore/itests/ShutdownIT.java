package org.drivercore.itests;

import static org.drivercore.itests.ItSupport.installed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.felix.service.command.CommandSession;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.MachineService;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The shutdown coordinator in a running container: strategies are services (one deployed at runtime is usable at
 * once), {@code dc:compare} runs every one of them on the loaded machine, and stopping or updating the shutdown
 * bundle alone shuts nothing down. What a framework stop does is {@link FrameworkStopIT}'s: Pax Exam cannot
 * survive the stop of its own framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShutdownIT {

    private static final String SHUTDOWN_BSN = "org.drivercore.shutdown";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BundleContext context;

    @Inject
    DeviceRegistry registry;

    @Inject
    MachineService machines;

    private CommandSession session;

    @Configuration
    public Option[] config() {
        return options(ItSupport.runtime());
    }

    @Before
    public void machineAndSession() throws Exception {
        if (machines.current().isEmpty()) {
            ItSupport.loadTestMachine(registry, machines);
        }
        session = ItSupport.gogoSession(context);
    }

    @After
    public void closeSession() {
        session.close();
    }

    private String dc(String line) throws Exception {
        return String.valueOf(session.execute("dc:" + line));
    }

    private Map<String, JsonNode> compare() throws Exception {
        JsonNode doc = JSON.readTree(dc("compare --json"));
        assertEquals(doc.toString(), "itest", doc.path("machine").asText());
        assertEquals(doc.toString(), registry.devices().size(), doc.path("devices").asInt());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        doc.path("strategies").forEach(s -> byName.put(s.path("name").asText(), s));
        return byName;
    }

    @Test
    public void compareRunsEveryBuiltInStrategyOnTheLoadedMachine() throws Exception {
        Map<String, JsonNode> strategies = compare();

        assertEquals(java.util.List.of("serial", "two-pass", "cookie-chain", "completions", "dag"),
                java.util.List.copyOf(strategies.keySet()));
        JsonNode dag = strategies.get("dag");
        assertEquals(dag.toString(), 1.0, dag.path("ratioToLowerBound").asDouble(), 0.0);
        assertEquals(dag.toString(), 0, dag.path("orderingViolations").asInt());
        assertEquals(dag.toString(), registry.devices().size(), dag.path("outcomes").path("done").asInt());
        JsonNode serial = strategies.get("serial");
        assertEquals(serial.toString(), 0, serial.path("orderingViolations").asInt());
        assertEquals(serial.toString(), 1, serial.path("peakThreads").asInt());
    }

    @Test
    public void aStrategyBundleDeployedAtRuntimeIsUsableAtOnce() throws Exception {
        assertFalse(compare().containsKey("tiny"));
        Bundle tiny = context.installBundle("itest:tiny-strategy", StrategyJar.strategyBundle());
        try {
            tiny.start();

            // No wait: the coordinator's dynamic reference is bound while the service registers.
            Map<String, JsonNode> strategies = compare();
            assertTrue(strategies.keySet().toString(), strategies.containsKey("tiny"));
            assertEquals(6, strategies.size());
            JsonNode t = strategies.get("tiny");
            assertEquals(t.toString(), registry.devices().size(), t.path("outcomes").path("done").asInt());
            assertFalse(t.toString(), t.path("deadlock").asBoolean());
            assertEquals(t.toString(), 0, t.path("orderingViolations").asInt());
            String plan = dc("plan --strategy tiny");
            assertTrue(plan, plan.startsWith("plan of strategy tiny on machine itest"));
            assertTrue(plan, plan.contains(TestMachine.NS0));
        } finally {
            tiny.uninstall();
        }

        assertFalse(compare().containsKey("tiny"));
        try {
            dc("plan --strategy tiny");
            fail("the uninstalled strategy is still usable");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'tiny' is unknown (known: serial, two-pass, cookie-chain, "
                    + "completions, dag)"));
        }
    }

    /** docs/design.md: "Stopping or updating the shutdown bundle alone shuts nothing down." */
    @Test
    public void stoppingOrUpdatingTheShutdownBundleAloneShutsNothingDown() throws Exception {
        Bundle shutdown = installed(context, SHUTDOWN_BSN);
        java.util.List<String> before = ItSupport.snapshot(registry);

        shutdown.stop();
        assertFalse("a device shutdown ran (probing is blocked)", registry.isProbingBlocked());
        shutdown.start();
        shutdown.update();
        assertEquals(Bundle.ACTIVE, shutdown.getState());

        assertFalse("a device shutdown ran (probing is blocked)", registry.isProbingBlocked());
        assertEquals(before, ItSupport.snapshot(registry));
        // the commands are back with the bundle
        ItSupport.await("the dc:compare command", java.time.Duration.ofSeconds(5), () -> {
            try {
                return compare().containsKey("dag");
            } catch (Exception e) {
                return false;
            }
        }, () -> "no compare");
    }
}
