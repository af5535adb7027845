package org.drivercore.topology.internal.imports;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drivercore.api.ModelledProfile;
import org.drivercore.topology.internal.MachineDraft;
import org.drivercore.topology.internal.MachineModel.Location;
import org.drivercore.topology.internal.udev.DeviceRecord;
import org.drivercore.topology.internal.udev.DeviceRecords;

/**
 * Turns the device records of a real machine into a machine draft, as docs/machine-format.md ("Imported machines")
 * describes: which subsystems are buses, each device's parent, which devices the boot enumerates and which a driver's
 * probe creates (and so the order the registry's boot rebuilds), the drivers' profiles and hardware, and the device
 * links with the flags their kernel gave them.
 */
public final class TreeImporter {

    /** The devlink class ({@code drivers/base/core.c}, {@code devlink_class}): its devices are links, not devices. */
    static final String DEVLINK_CLASS = "devlink";
    static final String DEVLINK_DIR = "/devices/virtual/devlink/";

    private final DeviceRecords records;
    private final Subsystems subsystems;
    private final DriverCatalog catalog;
    private final List<DeviceRecord> devices = new ArrayList<>();
    private final List<DeviceRecord> devlinks = new ArrayList<>();
    private final Map<String, DeviceRecord> byPath = new HashMap<>();
    private final Map<DeviceRecord, DeviceRecord> parent = new IdentityHashMap<>();
    private final Map<DeviceRecord, List<DeviceRecord>> children = new IdentityHashMap<>();
    private final Map<DeviceRecord, Subsystems.Kind> kind = new IdentityHashMap<>();
    private final Map<DeviceRecord, DeviceRecord> creator = new IdentityHashMap<>();
    private final Map<DeviceRecord, Integer> fileOrder = new IdentityHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private TreeImporter(DeviceRecords records, Subsystems subsystems, DriverCatalog catalog) {
        this.records = records;
        this.subsystems = subsystems;
        this.catalog = catalog;
    }

    public static MachineDraft importTree(DeviceRecords records, String fallbackName) {
        return new TreeImporter(records, Subsystems.linux(), DriverCatalog.linux()).draft(fallbackName);
    }

    private MachineDraft draft(String fallbackName) {
        for (DeviceRecord r : records.devices()) {
            if (DEVLINK_CLASS.equals(r.subsystem()) && r.devpath().startsWith(DEVLINK_DIR)) {
                devlinks.add(r);
            } else {
                fileOrder.put(r, devices.size());
                devices.add(r);
                byPath.put(r.devpath(), r);
            }
        }
        for (DeviceRecord r : devices) {
            DeviceRecord p = nearestRecordedAncestor(r.devpath());
            if (p != null) {
                parent.put(r, p);
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
            }
        }
        List<DeviceRecord> order = enumerationOrder();
        for (DeviceRecord r : order) {
            kind.put(r, kindOf(r));
            creator.put(r, creatorOf(r));
        }
        Drivers drivers = new Drivers(catalog);
        List<MachineDraft.Entry> entries = new ArrayList<>();
        Set<String> buses = new LinkedHashSet<>();
        for (DeviceRecord r : order) {
            Subsystems.Kind k = kind.get(r);
            String bus = k == Subsystems.Kind.BUS ? r.subsystem() : null;
            if (bus != null && subsystems.get(bus).map(s -> s.servedBy() == null).orElse(true)) {
                buses.add(bus);
            }
            String driver = r.driver();
            if (driver != null && bus == null) {
                notes.add(r.devpath() + " records driver '" + driver + "' but no subsystem: left without one");
                driver = null;
            }
            String hardware = driver == null ? null : drivers.use(driver, bus);
            Map<String, String> properties = new LinkedHashMap<>(r.properties());
            if (r.subsystem() != null) {
                properties.putIfAbsent("SUBSYSTEM", r.subsystem());
            }
            DeviceRecord c = creator.get(r);
            Location at = new Location(r.line(), -1, r.devpath());
            // A device on a bus that its kernel left without a driver stays so: drivercore's id tables are broader
            // than the probes that refused it (pcieport's, for a bridge that is not a PCIe port).
            boolean matchDriver = bus == null || driver != null;
            entries.add(new MachineDraft.Entry(r.devpath(), null, bus, null, driver, c != null,
                    c == null ? null : c.devpath(), properties, hardware, matchDriver, at, Map.of()));
        }
        List<MachineDraft.Link> links = new DevlinkImport(devices, devlinks, kind, parent, notes).links();
        notes.addAll(0, records.notes());
        if (!drivers.defaulted().isEmpty()) {
            notes.add(drivers.defaulted().size() + " drivers not in the catalog got the default profile ("
                    + catalog.defaultProfile().shutdown().map(Object::toString).orElse(ModelledProfile.NO_SHUTDOWN)
                    + "): " + String.join(", ", drivers.defaulted()));
        }
        String name = records.machine() != null ? records.machine() : fallbackName;
        String description = "Imported from a " + records.format().label() + " (" + records.source() + "): "
                + devices.size() + " devices, " + links.size() + " device links";
        return new MachineDraft(records.source(), records.format(), name, description, List.copyOf(buses),
                drivers.profiles(), drivers.hardware(), entries, links, drivers.linkOrder(), notes, drivers.defaulted());
    }

    private DeviceRecord nearestRecordedAncestor(String devpath) {
        for (int slash = devpath.lastIndexOf('/'); slash > 0; slash = devpath.lastIndexOf('/', slash - 1)) {
            DeviceRecord p = byPath.get(devpath.substring(0, slash));
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * The order the boot enumerates in: the trees of the devices without a recorded parent, in the order the kernel's
     * init creates their kind (system devices in {@code driver_init()}, then virtual ones, then the firmware's platform,
     * ACPI and PNP devices, then PCI host bridges, then the rest), each tree depth first with siblings in the source's
     * order (udev's, by path). A parent always comes before its children.
     */
    private List<DeviceRecord> enumerationOrder() {
        List<DeviceRecord> roots = new ArrayList<>();
        for (DeviceRecord r : devices) {
            if (!parent.containsKey(r)) {
                roots.add(r);
            }
        }
        roots.sort(Comparator.comparingInt((DeviceRecord r) -> rootRank(r.devpath())).thenComparingInt(fileOrder::get));
        List<DeviceRecord> order = new ArrayList<>(devices.size());
        Deque<DeviceRecord> stack = new ArrayDeque<>();
        for (DeviceRecord root : roots) {
            stack.push(root);
            while (!stack.isEmpty()) {
                DeviceRecord r = stack.pop();
                order.add(r);
                List<DeviceRecord> kids = children.getOrDefault(r, List.of());
                for (int i = kids.size() - 1; i >= 0; i--) {
                    stack.push(kids.get(i));
                }
            }
        }
        return order;
    }

    static int rootRank(String devpath) {
        if (devpath.startsWith("/devices/system/")) {
            return 0;
        }
        if (devpath.startsWith("/devices/virtual/")) {
            return 1;
        }
        if (devpath.startsWith("/devices/platform") || devpath.startsWith("/devices/LNXSYSTM") || devpath.startsWith("/devices/pnp")) {
            return 2;
        }
        if (devpath.startsWith("/devices/pci")) {
            return 3;
        }
        return 4;
    }

    /**
     * Bus or class. A device with a driver is on a bus (only bus devices bind). Where the source says (a sysfs
     * {@code subsystem} link) that decides; else the table; for a name that is both, or not in the table, where the
     * device sits: {@code get_device_parent()} puts a class device in {@code /devices/virtual/CLASS/}, in a directory
     * named after its class below its parent, or right below a parent of a class.
     */
    private Subsystems.Kind kindOf(DeviceRecord r) {
        if (r.subsystem() == null) {
            return null;
        }
        if (r.driver() != null) {
            return Subsystems.Kind.BUS;
        }
        if (r.kind() != DeviceRecord.Kind.UNKNOWN) {
            return r.kind() == DeviceRecord.Kind.BUS ? Subsystems.Kind.BUS : Subsystems.Kind.CLASS;
        }
        Subsystems.Kind table = subsystems.get(r.subsystem()).map(Subsystems.Subsystem::kind).orElse(Subsystems.Kind.BOTH);
        if (table != Subsystems.Kind.BOTH) {
            return table;
        }
        String path = r.devpath();
        int slash = path.lastIndexOf('/');
        String dir = path.substring(path.lastIndexOf('/', slash - 1) + 1, slash);
        DeviceRecord p = parent.get(r);
        boolean placedAsClass = path.startsWith("/devices/virtual/")
                || (dir.equals(r.subsystem()) && !path.startsWith("/devices/system/"))
                || (p != null && kind.get(p) == Subsystems.Kind.CLASS);
        return placedAsClass ? Subsystems.Kind.CLASS : Subsystems.Kind.BUS;
    }

    /**
     * The device whose driver's probe creates this one, or null for a device the boot enumerates. A device that its
     * bus's subsystem finds below its parent in the same scan (PCI functions below a bridge, platform devices below a
     * platform device) comes with its parent: enumerated with an enumerated parent, created by the parent's creator
     * (a host controller's probe scans the whole PCI hierarchy below it). Anything else is created by its parent's
     * driver when the parent has one (an MFD's platform cells, a SCSI host's targets), else with its parent.
     */
    private DeviceRecord creatorOf(DeviceRecord r) {
        DeviceRecord p = parent.get(r);
        if (p == null) {
            return null;
        }
        String parentBus = kind.get(p) == Subsystems.Kind.BUS ? p.subsystem() : "";
        boolean sameScan = kind.get(r) == Subsystems.Kind.BUS && subsystems.get(r.subsystem())
                .map(s -> s.enumeratedBelow(parentBus)).orElse(false);
        DeviceRecord parentCreator = creator.get(p);
        if (parentCreator != null) {
            return sameScan || p.driver() == null ? parentCreator : p;
        }
        return sameScan || p.driver() == null ? null : p;
    }
}
