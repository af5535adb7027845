package org.drivercore.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The small machine the tests load, bound by the modelled driver alone (its driver names, itest-port and itest-nvme,
 * have no driver bundle; ipmi_si has none either): a PCI root port with a bridge below it and two NVMe functions below the
 * bridge, each of which creates its controller (class device, no bus) and namespace when it probes; a platform
 * device that comes last in the file and supplies the first NVMe function through a managed link.
 */
final class TestMachine {

    static final String ROOT = "/devices/pci0000:00";
    static final String PORT = ROOT + "/0000:00:1c.0";
    static final String BRIDGE = PORT + "/0000:01:00.0";
    static final String NVME0 = BRIDGE + "/0000:02:00.0";
    static final String CTRL0 = NVME0 + "/nvme/nvme0";
    static final String NS0 = CTRL0 + "/nvme0n1";
    static final String NVME1 = BRIDGE + "/0000:02:01.0";
    static final String CTRL1 = NVME1 + "/nvme/nvme1";
    static final String NS1 = CTRL1 + "/nvme1n1";
    static final String BMC = "/devices/platform/ipmi_si.0";

    /** Lines matter: the error test names the line of a link. */
    static final String JSON = """
            {
              "machine": "itest",
              "description": "root port -> bridge -> two NVMe functions; a platform device supplying one of them",
              "profiles": {
                "itest-port": {"bus": "pci", "async": "none", "shutdown": "fixed(1ms)"},
                "itest-nvme": {"bus": "pci", "async": "device", "shutdown": "fixed(5ms)", "wait": "poll"},
                "ipmi_si": {"bus": "platform", "async": "driver", "shutdown": "fixed(2ms)"}
              },
              "devices": [
                {"path": "/devices/pci0000:00", "properties": {"SUBSYSTEM": "pci_bus"}},
                {"path": "/devices/pci0000:00/0000:00:1c.0", "bus": "pci", "driver": "itest-port"},
                {"path": "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0", "bus": "pci", "driver": "itest-port"},
                {"path": "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/0000:02:00.0", "bus": "pci", "driver": "itest-nvme",
                 "properties": {"PCI_CLASS": "10802"}},
                {"path": "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/0000:02:00.0/nvme/nvme0", "createdByDriver": true},
                {"path": "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/0000:02:00.0/nvme/nvme0/nvme0n1", "createdByDriver": true},
                {"path": "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/0000:02:01.0", "bus": "pci", "driver": "itest-nvme",
                 "properties": {"PCI_CLASS": "10802"}},
                {"path": "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/0000:02:01.0/nvme/nvme1", "createdByDriver": true},
                {"path": "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/0000:02:01.0/nvme/nvme1/nvme1n1", "createdByDriver": true},
                {"path": "/devices/platform/ipmi_si.0", "bus": "platform", "driver": "ipmi_si"}
              ],
              "links": [
                {"supplier": "/devices/platform/ipmi_si.0", "consumer": "/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/0000:02:00.0"}
              ]
            }
            """;

    /**
     * The device list once every driver is bound, derived by hand from Linux's rules: loading into an empty registry is
     * a boot. R P B N0 N1 S enumerate unbound; the link S -> N0 is made as S is added and reorders its consumer to the
     * tail (device_reorder_to_tail()): R P B N1 S N0. The drivers register (all at device level, in the file's order of
     * profiles), each binding its bus's devices in bus add order: itest-port binds P and B; itest-nvme finds N0 first, whose
     * supplier is not bound (deferred: retried only after the late initcall), then binds N1, which creates C1 and NS1 at
     * the tail: R P B N1 S N0 C1 NS1; ipmi_si binds S. At the late initcall the deferred work moves N0 to the tail
     * (deferred_probe_work_func()) and probes it; it creates C0 and NS0.
     */
    static final List<String> BOUND_ORDER = List.of(ROOT, PORT, BRIDGE, NVME1, BMC, CTRL1, NS1, NVME0, CTRL0, NS0);

    /** The drivers of the test machine, all served by the modelled driver. */
    static final List<String> DRIVERS = List.of("itest-port", "itest-nvme", "ipmi_si");

    /** Devices bound to a modelled driver, and the driver. */
    static final List<String> BOUND_DEVICES = List.of(PORT, BRIDGE, NVME0, NVME1, BMC);

    /** Devices that a driver's probe creates. */
    static final List<String> CREATED = List.of(CTRL0, NS0, CTRL1, NS1);

    private TestMachine() {
    }

    /** Writes a machine file into a fresh temporary directory, both deleted when the JVM exits. */
    static Path write(String name, String json) throws IOException {
        Path dir = Files.createTempDirectory("drivercore-itest");
        dir.toFile().deleteOnExit();
        Path file = Files.writeString(dir.resolve(name), json);
        file.toFile().deleteOnExit();
        return file;
    }

    /** The 1-based line of the first line containing the text. */
    static int lineOf(String json, String text) {
        String[] lines = json.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not in the machine");
    }

    /** Which device's probe creates the given one (null if none). */
    static String creatorOf(String path) {
        if (path.equals(CTRL0) || path.equals(NS0)) {
            return NVME0;
        }
        if (path.equals(CTRL1) || path.equals(NS1)) {
            return NVME1;
        }
        return null;
    }
}
