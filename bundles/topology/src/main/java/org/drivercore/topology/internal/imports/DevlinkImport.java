package org.drivercore.topology.internal.imports;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.LinkFlag;
import org.drivercore.topology.internal.MachineDraft;
import org.drivercore.topology.internal.MachineModel.Location;
import org.drivercore.topology.internal.udev.DeviceRecord;

/**
 * The device links of an imported machine. Linux shows each link as a device of the devlink class named
 * {@code SUPPLIERBUS:SUPPLIER--CONSUMERBUS:CONSUMER} ({@code device_link_add()}: {@code dev_bus_name()} is the bus,
 * else the class), and as {@code supplier:BUS:NAME} / {@code consumer:BUS:NAME} links in the two devices'
 * directories ({@code devlink_add_symlinks()}); both ends are found by that name. A link whose end is not in the
 * source is noted and skipped.
 *
 * <p>Its flags: where the source shows the link's files ({@code /sys}), from them: {@code status} "not tracked" is a
 * stateless link, {@code auto_remove_on}, {@code runtime_pm} and {@code sync_state_only} as they read, and a managed
 * link that is never removed automatically is fw_devlink's ({@code DL_FLAG_INFERRED}). Where it does not (a udev
 * database), as Linux 6.18 makes them: a link to a class device is a framework's stateless one (phy-core and the
 * regulator core call {@code device_link_add(..., DL_FLAG_STATELESS)}); a link to a bus device is fw_devlink's,
 * {@code FW_DEVLINK_FLAGS_RPM} (inferred, autoprobe-consumer, runtime PM), relaxed to sync-state-only when the supplier
 * has no driver ({@code fw_devlink_drivers_done()} → {@code fw_devlink_relax_link()}). A link that would close a
 * dependency cycle is what fw_devlink leaves of one: sync-state-only, marked as a cycle.
 */
final class DevlinkImport {

    private final List<DeviceRecord> devices;
    private final List<DeviceRecord> devlinks;
    private final Map<DeviceRecord, Subsystems.Kind> kind;
    private final Map<DeviceRecord, DeviceRecord> parent;
    private final List<String> notes;
    private final Map<String, DeviceRecord> byName = new HashMap<>();
    /** What each device's shutdown must wait for: its children and its consumers (by ordering links). */
    private final Map<DeviceRecord, List<DeviceRecord>> dependents = new IdentityHashMap<>();

    DevlinkImport(List<DeviceRecord> devices, List<DeviceRecord> devlinks, Map<DeviceRecord, Subsystems.Kind> kind,
            Map<DeviceRecord, DeviceRecord> parent, List<String> notes) {
        this.devices = devices;
        this.devlinks = devlinks;
        this.kind = kind;
        this.parent = parent;
        this.notes = notes;
    }

    List<MachineDraft.Link> links() {
        for (DeviceRecord d : devices) {
            if (d.subsystem() != null) {
                byName.putIfAbsent(d.subsystem() + ":" + d.sysname(), d);
            }
        }
        parent.forEach((child, p) -> dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(child));
        Map<String, MachineDraft.Link> out = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (DeviceRecord l : devlinks) {
            String name = l.sysname();
            DeviceRecord[] ends = resolve(name);
            if (ends == null) {
                skipped.add(name);
                continue;
            }
            add(out, ends[0], ends[1], l.attributes().isEmpty() ? null : l.attributes(),
                    new Location(l.line(), -1, l.devpath()));
        }
        for (DeviceRecord d : devices) {
            for (Map.Entry<String, String> a : d.attributes().entrySet()) {
                boolean supplierLink = a.getKey().startsWith("supplier:");
                if (!supplierLink && !a.getKey().startsWith("consumer:")) {
                    continue;
                }
                DeviceRecord other = byName.get(a.getKey().substring(a.getKey().indexOf(':') + 1));
                if (other == null) {
                    skipped.add(a.getKey() + " of " + d.devpath());
                    continue;
                }
                add(out, supplierLink ? other : d, supplierLink ? d : other, null, new Location(d.line(), -1, d.devpath()));
            }
        }
        if (!skipped.isEmpty()) {
            notes.add(skipped.size() + " device links skipped, an end not being in the source: "
                    + String.join(", ", skipped.subList(0, Math.min(5, skipped.size())))
                    + (skipped.size() > 5 ? ", ..." : ""));
        }
        return List.copyOf(out.values());
    }

    /** The two ends of {@code SUPBUS:SUP--CONBUS:CON}; a name may itself hold "--", so every split is tried. */
    private DeviceRecord[] resolve(String name) {
        for (int i = name.indexOf("--"); i > 0; i = name.indexOf("--", i + 1)) {
            DeviceRecord s = byName.get(name.substring(0, i));
            DeviceRecord c = byName.get(name.substring(i + 2));
            if (s != null && c != null) {
                return new DeviceRecord[] { s, c };
            }
        }
        return null;
    }

    private void add(Map<String, MachineDraft.Link> out, DeviceRecord supplier, DeviceRecord consumer,
            Map<String, String> files, Location where) {
        String key = supplier.devpath() + "\n" + consumer.devpath();
        if (out.containsKey(key) || supplier == consumer) {
            return;
        }
        Set<LinkFlag> flags = files != null ? fromFiles(files) : inferred(supplier);
        if (!LinkFlag.isSyncStateOnly(flags) && (dependsOn(supplier, consumer))) {
            flags = EnumSet.of(LinkFlag.INFERRED, LinkFlag.SYNC_STATE_ONLY, LinkFlag.CYCLE);
            notes.add("the link " + supplier.devpath() + " -> " + consumer.devpath()
                    + " would close a dependency cycle: kept sync-state-only, as fw_devlink relaxes a cycle");
        }
        if (!LinkFlag.isSyncStateOnly(flags)) {
            dependents.computeIfAbsent(supplier, k -> new ArrayList<>()).add(consumer);
        }
        out.put(key, new MachineDraft.Link(new DeviceLink(supplier.devpath(), consumer.devpath(), flags), where));
    }

    private Set<LinkFlag> inferred(DeviceRecord supplier) {
        if (kind.get(supplier) != Subsystems.Kind.BUS) {
            return EnumSet.of(LinkFlag.STATELESS);
        }
        if (supplier.driver() == null) {
            return EnumSet.of(LinkFlag.INFERRED, LinkFlag.SYNC_STATE_ONLY);
        }
        return EnumSet.of(LinkFlag.INFERRED, LinkFlag.AUTOPROBE_CONSUMER, LinkFlag.PM_RUNTIME);
    }

    static Set<LinkFlag> fromFiles(Map<String, String> files) {
        if ("not tracked".equals(files.get("status"))) {
            return EnumSet.of(LinkFlag.STATELESS);
        }
        Set<LinkFlag> flags = EnumSet.noneOf(LinkFlag.class);
        switch (files.getOrDefault("auto_remove_on", "never")) {
            case "supplier unbind" -> flags.add(LinkFlag.AUTOREMOVE_SUPPLIER);
            case "consumer unbind" -> flags.add(LinkFlag.AUTOREMOVE_CONSUMER);
            default -> flags.add(LinkFlag.INFERRED);
        }
        if ("1".equals(files.get("runtime_pm"))) {
            flags.add(LinkFlag.PM_RUNTIME);
        }
        if ("1".equals(files.get("sync_state_only"))) {
            flags.add(LinkFlag.SYNC_STATE_ONLY);
            flags.remove(LinkFlag.PM_RUNTIME);
        } else if (flags.contains(LinkFlag.INFERRED)) {
            flags.add(LinkFlag.AUTOPROBE_CONSUMER);
        }
        return flags;
    }

    /** Linux's {@code device_is_dependent()}: whether {@code device} is below {@code target} or one of its consumers. */
    private boolean dependsOn(DeviceRecord device, DeviceRecord target) {
        Deque<DeviceRecord> todo = new ArrayDeque<>();
        Map<DeviceRecord, Boolean> seen = new IdentityHashMap<>();
        todo.add(target);
        while (!todo.isEmpty()) {
            DeviceRecord d = todo.poll();
            if (d == device) {
                return true;
            }
            for (DeviceRecord next : dependents.getOrDefault(d, List.of())) {
                if (seen.put(next, Boolean.TRUE) == null) {
                    todo.add(next);
                }
            }
        }
        return false;
    }
}
