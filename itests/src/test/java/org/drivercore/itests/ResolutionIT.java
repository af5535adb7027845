package org.drivercore.itests;

import static org.drivercore.itests.ItSupport.installed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandSession;
import org.drivercore.api.BusType;
import org.drivercore.api.DeviceRegistry;
import org.drivercore.api.MachineService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Every bundle resolves and starts, and the DS components are there: registry, machine loader, buses, commands. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResolutionIT {

    @Inject
    BundleContext context;

    @Inject
    DeviceRegistry registry;

    @Inject
    MachineService machines;

    @Configuration
    public Option[] config() {
        return options(ItSupport.runtime());
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        for (String bsn : Distribution.drivercoreBundles()) {
            assertEquals(bsn, Bundle.ACTIVE, installed(context, bsn).getState());
        }
        for (String bsn : new String[] { "slf4j.api", "slf4j.simple", "org.apache.aries.spifly.dynamic.bundle",
                "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.gogo.runtime",
                "com.fasterxml.jackson.core.jackson-core", "com.fasterxml.jackson.core.jackson-databind" }) {
            assertEquals(bsn, Bundle.ACTIVE, installed(context, bsn).getState());
        }
    }

    @Test
    public void registryAndMachineServiceAreProvidedByOurBundles() {
        ServiceReference<DeviceRegistry> reg = context.getServiceReference(DeviceRegistry.class);
        assertNotNull(reg);
        assertEquals("org.drivercore.core", reg.getBundle().getSymbolicName());
        ServiceReference<MachineService> ms = context.getServiceReference(MachineService.class);
        assertNotNull(ms);
        assertEquals("org.drivercore.topology", ms.getBundle().getSymbolicName());
        // A fresh container: nothing loaded, no device; the driver bundles' drivers only, each from its own bundle (the
        // modelled driver needs configurations).
        assertTrue(registry.devices().isEmpty());
        for (org.drivercore.api.Driver d : registry.drivers()) {
            assertTrue(d.toString(), org.osgi.framework.FrameworkUtil.getBundle(d.getClass()).getSymbolicName()
                    .startsWith("org.drivercore.driver.") && !d.toString().contains("modelled"));
        }
        assertTrue(machines.current().isEmpty());
    }

    @Test
    public void theFourBusTypesAreRegistered() {
        ItSupport.await("four bus types", java.time.Duration.ofSeconds(5), () -> registry.busTypes().size() >= 4,
                () -> registry.busTypes());
        List<String> names = registry.busTypes().stream().map(BusType::name).sorted().toList();
        assertEquals(List.of("pci", "platform", "scsi", "usb"), names);
    }

    @Test
    public void theTpmClassIsRegisteredWithItsShutdownPre() {
        ItSupport.await("the tpm class", java.time.Duration.ofSeconds(5), () -> !registry.deviceClasses().isEmpty(),
                () -> registry.deviceClasses());
        assertEquals(List.of("tpm"), registry.deviceClasses().stream().map(c -> c.name()).toList());
        assertTrue(registry.deviceClasses().get(0).hasShutdownPre());
    }

    @Test
    public void gogoCommandsOfScopeDcAreRegisteredAndRun() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=dc)");
        assertNotNull("no service with osgi.command.scope=dc", refs);
        // The shell's (listings, machines, one device, device control, dc:driver-override) and the shutdown bundle's
        // (its commands, dc:critical-path): a name with '-' needs an object of its own.
        assertEquals("the shell's and the shutdown bundle's command objects", 7, refs.length);
        java.util.Map<String, List<String>> functionsByBundle = new java.util.TreeMap<>();
        for (ServiceReference<?> ref : refs) {
            Object functions = ref.getProperty("osgi.command.function");
            List<String> names = functions instanceof String[] array ? Arrays.asList(array) : List.of(String.valueOf(functions));
            functionsByBundle.computeIfAbsent(ref.getBundle().getSymbolicName(), k -> new java.util.ArrayList<>()).addAll(names);
        }
        assertEquals(List.of("org.drivercore.shell", "org.drivercore.shutdown"), List.copyOf(functionsByBundle.keySet()));
        List<String> functions = functionsByBundle.get("org.drivercore.shell");
        assertTrue(functions.toString(), functions.containsAll(List.of("devices", "tree", "drivers", "buses", "classes", "links",
                "load", "export", "device", "bind", "unbind", "rescan", "add", "remove", "driver-override")));
        List<String> shutdownFunctions = functionsByBundle.get("org.drivercore.shutdown");
        assertTrue(shutdownFunctions.toString(), shutdownFunctions.containsAll(List.of("plan", "shutdown", "compare", "advise",
                "report", "demo", "critical-path")));

        // Through Gogo itself: the command resolves in the dc scope and its JSON output (Jackson inside OSGi) lists the buses.
        CommandSession session = ItSupport.gogoSession(context);
        try {
            Object result = session.execute("dc:buses --json");
            String json = String.valueOf(result);
            for (String bus : List.of("pci", "platform", "usb", "scsi")) {
                assertTrue(json, json.contains("\"name\" : \"" + bus + "\""));
            }
            assertTrue(json, json.contains("\"machine\" : null"));
            // A hyphenated command through Felix's Gogo: served by its _main method.
            String help = String.valueOf(session.execute("dc:critical-path --help"));
            assertTrue(help, help.contains("usage: critical-path [--strategy STRATEGY] [--json]"));
            help = String.valueOf(session.execute("dc:driver-override --help"));
            assertTrue(help, help.contains("driver-override - set or clear a device's driver_override"));
        } finally {
            session.close();
        }
    }
}
