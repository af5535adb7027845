package org.drivercore.topology.internal;

import java.util.List;
import java.util.Map;

import org.drivercore.api.DeviceLink;
import org.drivercore.api.ModelledProfile;

/**
 * What a machine source says, before its tree is put together: a machine file's keys as read, or what an importer
 * derived from a udev database or a {@code /sys} tree. {@link MachineAssembler} checks the tree and builds the
 * {@link MachineModel}; the JSON writer writes a draft back as a machine file.
 *
 * @param source      the file, for messages
 * @param format      what the source was ({@link MachineFormat})
 * @param buses       the bus types the machine needs beyond the hand-written bus bundles, served by the generic bus
 *                    bundle
 * @param hardware    the hardware descriptions by name, each with where it stands
 * @param devices     the device entries, in the source's order
 * @param linkOrder   the order in which drivers register within an initcall level; empty: the order of the profiles
 * @param notes       what an importer wants the user to know (links skipped, drivers given the default profile)
 * @param defaulted   the drivers an importer gave the default latency profile, for want of a known one
 */
public record MachineDraft(String source, MachineFormat format, String name, String description, List<String> buses,
        Map<String, ModelledProfile> profiles, Map<String, MachineModel.Described> hardware, List<Entry> devices,
        List<Link> links, List<String> linkOrder, List<String> notes, List<String> defaulted) {

    public MachineDraft {
        buses = List.copyOf(buses);
        devices = List.copyOf(devices);
        links = List.copyOf(links);
        linkOrder = List.copyOf(linkOrder);
        notes = List.copyOf(notes);
        defaulted = List.copyOf(defaulted);
    }

    /**
     * A device as the source records it.
     *
     * @param parent          the parent it names, or null (the nearest ancestor path among the entries)
     * @param createdByDriver whether a driver's probe creates it
     * @param createdBy       the device whose driver creates it, or null (the nearest ancestor recording a driver)
     * @param hardware        the name of its hardware description, or null
     * @param matchDriver     whether a driver may be matched to it (false: it stays unbound, as its machine left it)
     * @param where           where the entry stands in the source
     * @param keyWhere        where each of its keys stands, when the source knows (a JSON file)
     */
    public record Entry(String path, String name, String bus, String parent, String driver, boolean createdByDriver,
            String createdBy, Map<String, String> properties, String hardware, boolean matchDriver,
            MachineModel.Location where,
            Map<String, MachineModel.Location> keyWhere) {

        /** Where one of the entry's keys stands, else the entry itself. */
        public MachineModel.Location at(String key) {
            return keyWhere.getOrDefault(key, where);
        }
    }

    /** A link and where it stands in the source. */
    public record Link(DeviceLink link, MachineModel.Location where) {
    }
}
