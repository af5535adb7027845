package org.drivercore.itests;

import static org.drivercore.itests.ItSupport.installed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.felix.service.command.CommandSession;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineService;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * Issue 7: a driver that bound late used to move its devices behind their children (the probe move Linux dropped in
 * 4.18), so on the default machine a stop and start, or an update, of the driver bundle put the pcieport bridges behind
 * their NVMe functions: serial and completions then broke the order and cookie-chain deadlocked. Here every driver
 * bundle is swapped on the booted default machine, and the list keeps Linux's invariant and the strategies that order
 * by it stay correct.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class DefaultMachineHotSwapIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    BundleContext context;

    @Inject
    DeviceRegistry registry;

    @Inject
    MachineService machines;

    private CommandSession session;
    private LoadedMachine machine;

    @Configuration
    public Option[] config() {
        return options(ItSupport.runtime());
    }

    @Before
    public void bootTheDefaultMachine() {
        machine = ItSupport.bootDefaultMachine(registry, machines);
        session = ItSupport.gogoSession(context);
        assertOrderedAndCorrect("after the boot");
    }

    @After
    public void closeSession() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    public void stoppingAndStartingTheDriverBundleKeepsTheOrder() throws Exception {
        Bundle modelled = installed(context, ItSupport.MODELLED_BSN);
        modelled.stop();
        ItSupport.await("every modelled driver gone", WAIT, () -> registry.drivers().stream().noneMatch(
                d -> FrameworkUtil.getBundle(d.getClass()) == modelled), registry::drivers);
        modelled.start();
        ItSupport.awaitDefaultMachineBound(registry, machine);
        assertOrderedAndCorrect("after stop and start of " + ItSupport.MODELLED_BSN);
    }

    @Test
    public void updatingTheDriverBundleKeepsTheOrder() throws Exception {
        installed(context, ItSupport.MODELLED_BSN).update();
        ItSupport.awaitDefaultMachineBound(registry, machine);
        assertOrderedAndCorrect("after update of " + ItSupport.MODELLED_BSN);
    }

    @Test
    public void swappingABusBundleKeepsTheOrder() throws Exception {
        for (String bus : List.of("org.drivercore.bus.pci", "org.drivercore.bus.scsi", "org.drivercore.bus.usb",
                "org.drivercore.bus.platform")) {
            Bundle b = installed(context, bus);
            b.stop();
            b.start();
            ItSupport.awaitDefaultMachineBound(registry, machine);
            assertOrderedAndCorrect("after stop and start of " + bus);
            b.update();
            ItSupport.awaitDefaultMachineBound(registry, machine);
            assertOrderedAndCorrect("after update of " + bus);
        }
    }

    // ---------------------------------------------------------------- checks


    /** Linux's list invariant, then serial, completions and dag on the virtual clock: no violation, no deadlock. */
    private void assertOrderedAndCorrect(String when) {
        List<Device> devices = registry.devices();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            index.put(devices.get(i).path(), i);
        }
        for (Device d : devices) {
            d.parent().ifPresent(p -> assertTrue(when + ": " + d.path() + " stands before its parent"
                    + ItSupport.describe(registry), index.get(p.path()) < index.get(d.path())));
        }
        for (DeviceLink l : registry.links()) {
            if (!LinkFlag.isSyncStateOnly(l.flags())) {
                assertTrue(when + ": " + l + " has its consumer first", index.get(l.supplierPath()) < index.get(l.consumerPath()));
            }
        }
        Map<String, JsonNode> strategies = compare();
        for (String name : List.of("serial", "completions", "dag")) {
            JsonNode s = strategies.get(name);
            assertEquals(when + ": " + s, 0, s.path("orderingViolations").asInt());
            assertFalse(when + ": " + s, s.path("deadlock").asBoolean());
            assertEquals(when + ": " + s, devices.size(), s.path("outcomes").path("done").asInt());
        }
    }

    private Map<String, JsonNode> compare() {
        try {
            JsonNode doc = JSON.readTree(String.valueOf(session.execute("dc:compare --clock virtual --json")));
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            doc.path("strategies").forEach(s -> byName.put(s.path("name").asText(), s));
            return byName;
        } catch (Exception e) {
            throw new AssertionError("dc:compare failed", e);
        }
    }
}
