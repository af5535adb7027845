package org.drivercore.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

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
import org.osgi.framework.BundleContext;

/**
 * Bad arguments to the commands of a running container, in the shell, one after the other on the loaded test machine:
 * each is refused with its documented message (which names the argument and says why, and is no exception's class
 * name), and the container is as it was after each: the same devices in the same order and states, the same links, the
 * same machine, the same drivers, probing not left blocked.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadArgumentsIT {

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
    public void loadMachine() throws Exception {
        ItSupport.loadTestMachine(registry, machines);
        session = ItSupport.gogoSession(context);
    }

    @After
    public void close() {
        session.close();
    }

    private List<String> state() {
        List<String> out = new ArrayList<>(registry.inspect(() -> ItSupport.snapshot(registry)));
        out.add("machine " + machines.current().map(m -> m.name()).orElse("-"));
        registry.drivers().forEach(d -> out.add("driver " + d.bus() + "/" + d.name() + " active=" + registry.isActive(d)));
        out.add("probing blocked " + registry.isProbingBlocked());
        return out;
    }

    private void assertRefused(String line, String message) {
        List<String> before = state();
        try {
            Object result = session.execute(line);
            fail(line + ": accepted, answered " + result);
        } catch (Exception e) {
            String m = String.valueOf(e.getMessage());
            assertTrue(line + ": '" + m + "' should contain '" + message + "'", m.contains(message));
            assertFalse(line + ": an exception's name in '" + m + "'", m.matches("(?s).*\\b(java|org)\\.[a-z]+\\..*Exception.*"));
        }
        assertEquals(line + ": the container changed", before, state());
    }

    @Test
    public void badArgumentsAreRefusedWithTheirMessageAndChangeNothing() throws Exception {
        Path dir = Files.createTempDirectory("drivercore-bad");
        Path notSysfs = Files.createDirectories(dir.resolve("empty"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), dir.resolve("gone.json"));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"machine\": \"x\", \"devices\": [\n{\"path\": 1}]}\n");
        Path colliding = Files.writeString(dir.resolve("colliding.json"), "{\"machine\": \"x\", \"devices\": [{\"path\": \""
                + TestMachine.BMC + "\"}]}\n");

        assertRefused("dc:plan --strategy fast", "--strategy: strategy 'fast' is unknown (known: serial, two-pass, "
                + "cookie-chain, completions, dag)");
        assertRefused("dc:compare --pool -3", "--pool: -3 is not a number of workers from 1 to 65536");
        assertRefused("dc:compare --pool 99999999999", "--pool: '99999999999' is not a whole number of workers");
        assertRefused("dc:compare --pool 65537", "--pool: 65537 is not a number of workers from 1 to 65536");
        assertRefused("dc:plan --pool many", "--pool: 'many' is not a whole number of workers");
        assertRefused("dc:compare --generate devices=x", "--generate: ");
        assertRefused("dc:compare --generate devices=-5", "--generate: ");
        assertRefused("dc:compare --generate colour=blue", "--generate: ");
        assertRefused("dc:compare --generate devices=100000000", "--generate: ");
        assertRefused("dc:compare --clock real --timescale 0", "--timescale: ");
        assertRefused("dc:compare --clock real --timescale abc", "--timescale");
        assertRefused("dc:compare --timescale 2", "--timescale: applies to the real clock only (add --clock real)");
        assertRefused("dc:compare --clock sundial", "--clock");
        assertRefused("dc:plan --async sometimes", "async policy");
        assertRefused("dc:shutdown --mode sleep", "--mode");
        assertRefused("dc:shutdown --strategy fast", "--strategy: strategy 'fast' is unknown");
        assertRefused("dc:load '" + dir.resolve("nothing.json") + "'", dir.resolve("nothing.json").toString());
        assertRefused("dc:load '" + notSysfs + "'", notSysfs + ": a directory without devices/: not a sysfs");
        assertRefused("dc:load '" + dangling + "'", dangling.toString());
        assertRefused("dc:load '" + broken + "'", broken + ":2:");
        assertRefused("dc:load '" + colliding + "'", TestMachine.BMC);
        assertRefused("dc:report --svg '" + dir.resolve("none/x.svg") + "'", "nothing to report yet");
        assertRefused("dc:add --parent /devices/none /devices/none/child", "/devices/none");
        assertRefused("dc:add " + TestMachine.BMC, TestMachine.BMC);
        assertRefused("dc:remove /devices/none", "no device '/devices/none'");
        assertRefused("dc:bind " + TestMachine.BMC + " ipmi_si", "EBUSY");
        assertRefused("dc:bind " + TestMachine.BMC + " nvme", "driver 'nvme' is on bus 'pci', the device on bus 'platform' "
                + "(ENODEV)");
        assertRefused("dc:unbind --driver itest-nvme " + TestMachine.BMC, "ENODEV");
        if (!"root".equals(System.getProperty("user.name"))) {
            // An unreadable file (root reads everything, so only for other users).
            Path locked = Files.writeString(dir.resolve("locked.json"), "{}");
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            assertRefused("dc:load '" + locked + "'", locked.toString());
        }
        // A report into a directory that does not exist, once there is something to report.
        session.execute("dc:compare --clock virtual");
        assertRefused("dc:report --svg '" + dir.resolve("none/x.svg") + "'", "report: cannot write");
    }
}
