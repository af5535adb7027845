package org.drivercore.itests;

import static org.drivercore.itests.ItSupport.installed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.felix.service.command.CommandSession;
import org.drivercore.api.Device;
import org.drivercore.api.DeviceEvent;
import org.drivercore.api.DeviceListener;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.DeviceState;
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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The driver bundles in a running Felix on the booted default machine: each binds its devices from its own bundle over
 * the emulated hardware, and each can be swapped while the others stay bound.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class DriverBundlesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NVME_BSN = "org.drivercore.driver.nvme";

    @Inject
    BundleContext context;

    @Inject
    DeviceRegistry registry;

    @Inject
    MachineService machines;

    @Inject
    ConfigurationAdmin configAdmin;

    private final ItSupport.Recorder recorder = new ItSupport.Recorder();
    private ServiceRegistration<DeviceListener> listener;
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
        listener = context.registerService(DeviceListener.class, recorder, null);
    }

    @After
    public void close() {
        if (listener != null) {
            listener.unregister();
        }
        if (session != null) {
            session.close();
        }
    }

    @Test
    public void theDefaultMachineIsBoundByTheDriverBundles() throws Exception {
        Map<String, String> bundleOf = Map.of("nvme", NVME_BSN, "pcieport", "org.drivercore.driver.pcieport",
                "sd", "org.drivercore.driver.sd", "ahci", "org.drivercore.driver.ahci",
                "xhci_hcd", "org.drivercore.driver.xhci", "hub", "org.drivercore.driver.usb.hub",
                "usb-storage", "org.drivercore.driver.usb.storage", "i40e", "org.drivercore.driver.i40e");
        for (Device d : registry.devices()) {
            String driver = d.driver().orElse(null);
            if (driver == null || !bundleOf.containsKey(driver)) {
                continue;
            }
            Bundle from = FrameworkUtil.getBundle(d.boundDriver().orElseThrow().getClass());
            assertEquals(d.path(), bundleOf.get(driver), from.getSymbolicName());
        }
        JsonNode drivers = JSON.readTree(dc("drivers --json")).path("drivers");
        List<String> fromBundles = new ArrayList<>();
        drivers.forEach(x -> {
            if (!x.path("bundle").asText().equals("org.drivercore.driver.modelled")) {
                fromBundles.add(x.path("name").asText());
            }
        });
        assertTrue(fromBundles.toString(), fromBundles.containsAll(bundleOf.keySet()));
        // dag: the 16 controllers in parallel, the makespan near the slowest one (4960 ms) and its chain of ports.
        JsonNode dag = strategy(compare(), "dag");
        double makespan = dag.path("makespanMs").asDouble();
        assertTrue(dag.toString(), makespan > 4900 && makespan < 5100);
        assertEquals(dag.toString(), registry.devices().size(), dag.path("outcomes").path("done").asInt());
    }

    /**
     * A new build of driver-nvme that polls CSTS every 500 us instead of 2 ms: the controllers and namespaces go (the
     * controllers unbound in reverse bind order), come back with the new driver, nothing else is touched, and the next
     * shutdown shows the new driver's timing.
     */
    @Test
    public void updatingDriverNvmeToAnotherBuildChangesOnlyNvmeAndItsTiming() throws Exception {
        double before = nvmeShutdownTime();
        List<String> boundOrder = registry.devices().stream().filter(d -> d.driver().equals(java.util.Optional.of("nvme")))
                .map(Device::path).toList();
        recorder.clear();

        Bundle nvme = installed(context, NVME_BSN);
        nvme.update(rebuilt(nvme, "poll.interval.us\" type=\"Long\" value=\"2000\"", "poll.interval.us\" type=\"Long\" value=\"500\""));
        ItSupport.awaitDefaultMachineBound(registry, machine);

        List<String> unbound = recorder.of(DeviceEvent.Type.UNBOUND);
        List<String> expected = new ArrayList<>();
        for (int i = boundOrder.size() - 1; i >= 0; i--) {
            expected.add("UNBOUND " + boundOrder.get(i));
        }
        assertEquals("only nvme unbinds, in reverse bind order", expected, unbound);
        assertEquals(32, recorder.of(DeviceEvent.Type.REMOVED).size());
        assertTrue(recorder.of(DeviceEvent.Type.REMOVED).stream().allMatch(s -> s.contains("/nvme/nvme")));
        double after = nvmeShutdownTime();
        assertTrue("polling 4 times as often ends each controller's wait sooner: " + before + " -> " + after, after < before);
    }

    /** The bus-usb bundle stops: the USB devices wait for their bus; it starts: bound again. */
    @Test
    public void theUsbDevicesWaitForTheirBus() throws Exception {
        Bundle usb = installed(context, "org.drivercore.bus.usb");
        usb.stop();
        for (Device d : registry.devices()) {
            if (d.bus().equals(java.util.Optional.of("usb"))) {
                assertEquals(d.path(), DeviceState.WAITING_FOR_BUS, d.state());
            }
        }
        assertTrue(registry.devices().stream().filter(d -> d.driver().isPresent()).noneMatch(d -> d.bus().equals(java.util.Optional.of("usb"))));
        usb.start();
        ItSupport.awaitDefaultMachineBound(registry, machine);
    }

    /** driver-sd stops alone: only the disks unbind (their block devices go with them). */
    @Test
    public void stoppingDriverSdUnbindsOnlyTheDisks() throws Exception {
        installed(context, "org.drivercore.driver.sd").stop();

        for (String e : recorder.of(DeviceEvent.Type.UNBOUND)) {
            String path = e.substring("UNBOUND ".length());
            assertTrue(e, path.matches(".*/\\d+:\\d+:\\d+:\\d+"));
        }
        assertEquals(5, recorder.of(DeviceEvent.Type.UNBOUND).size());
        assertTrue(recorder.of(DeviceEvent.Type.REMOVED).stream().allMatch(s -> s.contains("/block/sd")));
        assertEquals(5, recorder.of(DeviceEvent.Type.REMOVED).size());
        installed(context, "org.drivercore.driver.sd").start();
        ItSupport.awaitDefaultMachineBound(registry, machine);
    }

    /** nvme's shutdown_timeout below the controllers' time: every controller times out, the shutdown goes on. */
    @Test
    public void controllersSlowerThanTheShutdownTimeoutTimeOut() throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.drivercore.driver.nvme", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("shutdown.timeout.s", 4);
        c.update(props);
        try {
            ItSupport.await("the nvme driver with a 4 s timeout", WAIT, () -> {
                try {
                    return strategy(compare(), "dag").path("outcomes").path("timedOut").asInt() == 16;
                } catch (Exception e) {
                    return false;
                }
            }, () -> ItSupport.describe(registry));
            JsonNode dag = strategy(compare(), "dag");
            assertEquals(dag.toString(), registry.devices().size() - 16, dag.path("outcomes").path("done").asInt());
            assertFalse(dag.toString(), dag.path("deadlock").asBoolean());
        } finally {
            c.delete();
        }
    }

    // ---------------------------------------------------------------- helpers


    private String dc(String line) throws Exception {
        return String.valueOf(session.execute("dc:" + line));
    }

    private JsonNode compare() throws Exception {
        return JSON.readTree(dc("compare --clock virtual --json"));
    }

    private static JsonNode strategy(JsonNode comparison, String name) {
        for (JsonNode s : comparison.path("strategies")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no strategy " + name + " in " + comparison);
    }

    /** The sum of the NVMe functions' shutdown times in a dag plan. */
    private double nvmeShutdownTime() throws Exception {
        JsonNode trace = JSON.readTree(dc("plan --strategy dag --json"));
        double sum = 0;
        for (JsonNode d : trace.path("devices")) {
            if ("nvme".equals(d.path("driver").asText())) {
                sum += d.path("endMs").asDouble() - d.path("startMs").asDouble();
            }
        }
        return sum;
    }

    /** The bundle's jar with one text replaced in its component description: another build of it. */
    private static InputStream rebuilt(Bundle bundle, String from, String to) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new URL(bundle.getLocation()).openStream());
                JarOutputStream jar = new JarOutputStream(out, in.getManifest())) {
            boolean replaced = false;
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().startsWith("OSGI-INF/") && e.getName().endsWith("NvmeDriver.xml")) {
                    String xml = new String(bytes, StandardCharsets.UTF_8);
                    assertTrue(xml, xml.contains(from));
                    bytes = xml.replace(from, to).getBytes(StandardCharsets.UTF_8);
                    replaced = true;
                }
                jar.putNextEntry(new JarEntry(e.getName()));
                jar.write(bytes);
                jar.closeEntry();
            }
            assertTrue("the component description was rewritten", replaced);
        }
        return new java.io.ByteArrayInputStream(out.toByteArray());
    }
}
