package org.drivercore.itests;

import static org.drivercore.itests.TestMachine.BMC;
import static org.drivercore.itests.TestMachine.BRIDGE;
import static org.drivercore.itests.TestMachine.CTRL0;
import static org.drivercore.itests.TestMachine.CTRL1;
import static org.drivercore.itests.TestMachine.NS0;
import static org.drivercore.itests.TestMachine.NS1;
import static org.drivercore.itests.TestMachine.NVME0;
import static org.drivercore.itests.TestMachine.NVME1;
import static org.drivercore.itests.TestMachine.PORT;
import static org.drivercore.itests.TestMachine.ROOT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.inject.Inject;

import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceLink;
import org.drivercore.api.DeviceListener;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.Driver;
import org.drivercore.api.LinkFlag;
import org.drivercore.api.LinkState;
import org.drivercore.api.LoadedMachine;
import org.drivercore.api.MachineException;
import org.drivercore.api.MachineService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/** A machine file loaded in Felix: devices, links, profiles through Config Admin and SCR, Linux's list order. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class MachineLoadIT {

    @Inject
    BundleContext context;

    @Inject
    DeviceRegistry registry;

    @Inject
    MachineService machines;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return options(ItSupport.runtime());
    }

    @Test
    public void machineFileBecomesDevicesDriversAndBindings() throws Exception {
        ItSupport.Recorder recorder = new ItSupport.Recorder();
        ServiceRegistration<DeviceListener> reg = context.registerService(DeviceListener.class, recorder, null);
        try {
            LoadedMachine loaded = ItSupport.loadTestMachine(registry, machines);

            assertEquals("itest", loaded.name());
            assertEquals(6, loaded.devices());
            assertEquals(4, loaded.createdByDrivers());
            assertEquals(1, loaded.links());
            assertEquals(List.of("itest-port", "itest-nvme", "ipmi_si"), loaded.profiles());
            assertEquals("the drivers registered within the load's wait", List.of(), loaded.warnings());
            assertEquals(Optional.of(loaded), machines.current());

            // Each profile is a factory configuration of the modelled driver, named after the driver ...
            Map<String, String> configs = new TreeMap<>();
            org.osgi.service.cm.Configuration[] cs =
                    configAdmin.listConfigurations("(service.factoryPid=" + ItSupport.MODELLED_PID + ")");
            assertNotNull("no configuration of " + ItSupport.MODELLED_PID, cs);
            for (org.osgi.service.cm.Configuration c : cs) {
                configs.put(c.getPid(), c.getProperties().get("driver.name") + "/" + c.getProperties().get("bus") + "/"
                        + c.getProperties().get("async"));
            }
            assertEquals(Map.of(ItSupport.MODELLED_PID + "~itest-port", "itest-port/pci/none",
                    ItSupport.MODELLED_PID + "~itest-nvme", "itest-nvme/pci/device",
                    ItSupport.MODELLED_PID + "~ipmi_si", "ipmi_si/platform/driver"), configs);
            // ... which SCR turns into one Driver service each, from the modelled driver bundle, arriving in profile order.
            List<ServiceReference<Driver>> driverRefs = Arrays.stream(driverRefs())
                    .filter(r -> r.getBundle().getSymbolicName().equals(ItSupport.MODELLED_BSN)).toList();
            assertEquals(3, driverRefs.size());
            assertEquals("premise of the list order below", List.of("itest-port", "itest-nvme", "ipmi_si"), recorder.events.stream()
                    .filter(e -> e.type() == DeviceEvent.Type.DRIVER_ADDED).map(e -> e.driver().orElseThrow())
                    .filter(TestMachine.DRIVERS::contains).toList());

            // The device list, as derived by hand in TestMachine.BOUND_ORDER.
            assertEquals(ItSupport.describe(registry), TestMachine.BOUND_ORDER, ItSupport.paths(registry));

            // The tree.
            Map<String, String> parents = new LinkedHashMap<>();
            for (Device d : registry.devices()) {
                parents.put(d.path(), d.parent().map(Device::path).orElse(null));
            }
            Map<String, String> expectedParents = new LinkedHashMap<>();
            expectedParents.put(ROOT, null);
            expectedParents.put(PORT, ROOT);
            expectedParents.put(BRIDGE, PORT);
            expectedParents.put(NVME1, BRIDGE);
            expectedParents.put(CTRL1, NVME1);
            expectedParents.put(NS1, CTRL1);
            expectedParents.put(BMC, null);
            expectedParents.put(NVME0, BRIDGE);
            expectedParents.put(CTRL0, NVME0);
            expectedParents.put(NS0, CTRL0);
            assertEquals(expectedParents, parents);
            assertEquals(List.of(NVME1, NVME0), registry.device(BRIDGE).orElseThrow().children().stream().map(Device::path).toList());

            // Bindings: the recorded driver binds; the root complex and the created class devices have no bus, no driver.
            Map<String, String> drivers = new LinkedHashMap<>();
            for (Device d : registry.devices()) {
                drivers.put(d.path(), d.driver().orElse("-") + " " + d.state());
            }
            Map<String, String> expectedDrivers = new LinkedHashMap<>();
            expectedDrivers.put(ROOT, "- UNBOUND");
            expectedDrivers.put(PORT, "itest-port BOUND");
            expectedDrivers.put(BRIDGE, "itest-port BOUND");
            expectedDrivers.put(NVME1, "itest-nvme BOUND");
            expectedDrivers.put(CTRL1, "- UNBOUND");
            expectedDrivers.put(NS1, "- UNBOUND");
            expectedDrivers.put(BMC, "ipmi_si BOUND");
            expectedDrivers.put(NVME0, "itest-nvme BOUND");
            expectedDrivers.put(CTRL0, "- UNBOUND");
            expectedDrivers.put(NS0, "- UNBOUND");
            assertEquals(expectedDrivers, drivers);

            // The consumer N0, added before its supplier, deferred until the supplier was bound, then bound.
            List<String> seq = recorder.of(DeviceEvent.Type.DEFERRED, DeviceEvent.Type.BOUND);
            int deferred = seq.indexOf("DEFERRED " + NVME0);
            int supplierBound = seq.indexOf("BOUND " + BMC);
            int consumerBound = seq.indexOf("BOUND " + NVME0);
            assertTrue(seq.toString(), deferred >= 0 && deferred < supplierBound && supplierBound < consumerBound);
            // Linux's link: managed (the core adds DL_FLAG_MANAGED), active once both ends are bound.
            assertEquals(List.of(new DeviceLink(BMC, NVME0, Set.of(LinkFlag.MANAGED),
                    LinkState.ACTIVE)), registry.links());

            // Async opt-in: nvme (async=device) sets the device's own flag in probe; ipmi_si (async=driver) opts in
            // driver-wide; pcieport (none) neither.
            for (Device d : registry.devices()) {
                boolean expected = d.path().equals(NVME0) || d.path().equals(NVME1);
                assertEquals(d.path(), expected, d.isAsyncShutdownEnabled());
            }
            Map<String, Boolean> driverAsync = new TreeMap<>();
            for (Driver d : registry.drivers()) {
                if (!TestMachine.DRIVERS.contains(d.name())) {
                    continue;
                }
                driverAsync.put(d.name() + "@" + d.bus(), d.asyncShutdown());
            }
            assertEquals(Map.of("itest-port@pci", false, "itest-nvme@pci", false, "ipmi_si@platform", true), driverAsync);
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void badMachineIsRefusedWithFileAndLineAndChangesNothing() throws Exception {
        LoadedMachine good = ItSupport.loadTestMachine(registry, machines);
        List<String> before = ItSupport.snapshot(registry);
        List<String> driversBefore = registry.drivers().stream().map(Driver::name).toList();

        // A new device and three links that close a cycle through two devices already bound:
        // ipmi_si.0 -> itest-x.0 -> N1 -> ipmi_si.0.
        String x = "/devices/platform/itest-x.0";
        String closing = "{\"supplier\": \"" + NVME1 + "\", \"consumer\": \"" + BMC + "\"}";
        String bad = """
                {
                  "machine": "cyclic",
                  "profiles": {"ghost": {"bus": "platform"}},
                  "devices": [
                    {"path": "%s", "bus": "platform", "driver": "ghost"}
                  ],
                  "links": [
                    {"supplier": "%s", "consumer": "%s"},
                    {"supplier": "%s", "consumer": "%s"},
                    %s
                  ]
                }
                """.formatted(x, BMC, x, x, NVME1, closing);
        Path file = TestMachine.write("cyclic.json", bad);
        int line = TestMachine.lineOf(bad, closing);
        assertEquals("premise: the closing link is on line 10", 10, line);

        try {
            machines.load(file, false);
            fail("a link cycle must be refused");
        } catch (MachineException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(file + ":" + line + ":"));
            assertTrue(e.getMessage(), e.getMessage().contains("cycle"));
            assertTrue(e.getMessage(), e.getMessage().contains(BMC + " -> " + x));
            assertEquals(line, e.line());
            assertEquals(Optional.of("/links/2"), e.pointer());
        }

        assertEquals("the registry is as it was", before, ItSupport.snapshot(registry));
        assertFalse(registry.device(x).isPresent());
        assertEquals(driversBefore, registry.drivers().stream().map(Driver::name).toList());
        assertEquals(Optional.of(good), machines.current());
        assertEquals("no profile of the refused file reached Config Admin", null,
                configAdmin.listConfigurations("(driver.name=ghost)"));
    }

    /** The embedded default machine loads in Felix and every device that records a driver ends up bound to it. */
    @Test
    public void defaultMachineLoadsAndBinds() throws Exception {
        ItSupport.await("the four bus types", java.time.Duration.ofSeconds(10), () -> registry.busTypes().size() == 4,
                registry::busTypes);
        LoadedMachine loaded = machines.loadDefault(false);
        assertEquals(List.of(), loaded.warnings());
        ItSupport.await("every device of the default machine to be bound", java.time.Duration.ofSeconds(15),
                () -> registry.devices().size() == loaded.devices() + loaded.createdByDrivers()
                        && registry.devices().stream().filter(d -> d.recordedDriver().isPresent())
                                .allMatch(d -> d.driver().equals(d.recordedDriver())),
                () -> ItSupport.describe(registry));
        // The sync-state-only link is dropped once its consumer binds (device_links_driver_bound()).
        assertEquals(loaded.links() - 1, registry.links().size());
        for (String profile : loaded.profiles()) {
            assertTrue(profile, registry.drivers().stream().anyMatch(d -> d.name().equals(profile)));
        }
    }

    @SuppressWarnings("unchecked")
    private ServiceReference<Driver>[] driverRefs() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(Driver.class.getName(), null);
        return refs == null ? new ServiceReference[0] : Arrays.copyOf(refs, refs.length, ServiceReference[].class);
    }

    /** Issue 12: load --replace takes the replaced machine's driver profiles away with its devices. */
    @Test
    public void replacingAMachineRemovesTheProfilesOnlyItUsed() throws Exception {
        ItSupport.loadTestMachine(registry, machines);
        assertNotNull(configAdmin.listConfigurations("(service.pid=" + ItSupport.MODELLED_PID + "~itest-nvme)"));

        LoadedMachine replaced = machines.loadDefault(true);

        assertEquals(null, configAdmin.listConfigurations("(service.pid=" + ItSupport.MODELLED_PID + "~itest-nvme)"));
        assertEquals(null, configAdmin.listConfigurations("(service.pid=" + ItSupport.MODELLED_PID + "~itest-port)"));
        assertTrue(replaced.notes().toString(), replaced.notes().contains("removed the previous machine's driver "
                + "profiles that this one does not use: itest-nvme, itest-port"));
        // ipmi_si is a profile of both machines: it stays, with the new machine's figures.
        assertNotNull(configAdmin.listConfigurations("(service.pid=" + ItSupport.MODELLED_PID + "~ipmi_si)"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (registry.drivers().stream().anyMatch(d -> d.name().startsWith("itest-"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertFalse("the replaced machine's drivers are gone", registry.drivers().stream()
                .anyMatch(d -> d.name().startsWith("itest-")));
    }
}
