package org.drivercore.topology.internal.udev;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.drivercore.api.MachineException;
import org.drivercore.topology.internal.MachineFormat;

/**
 * Reads the devices of a live {@code /sys}, read-only: every directory below {@code devices/} that has a
 * {@code uevent} file and a {@code subsystem} link is a device (the rule {@code umockdev-record} applies too); its
 * {@code uevent} file gives its properties, its {@code subsystem} link whether it sits on a bus or in a class, its
 * {@code driver} link the bound driver. A device link's directory ({@code devices/virtual/devlink/...}) also gives its
 * {@code status}, {@code auto_remove_on}, {@code runtime_pm} and {@code sync_state_only} files. Symlinks are never
 * followed, so the walk sees each directory once.
 */
public final class SysfsReader {

    /** Deeper than any sysfs path (a USB device behind six hubs on a PCIe switch is about twenty). */
    static final int MAX_DEPTH = 64;
    /** More devices than any machine has; a bound against a tree that is not a sysfs. */
    static final int MAX_DEVICES = 1 << 20;
    static final List<String> DEVLINK_ATTRIBUTES = List.of("status", "auto_remove_on", "runtime_pm", "sync_state_only");

    private final Path root;
    private final List<DeviceRecord> devices = new ArrayList<>();
    private int unreadable;

    private SysfsReader(Path root) {
        this.root = root;
    }

    public static DeviceRecords read(Path root) {
        Path devicesDir = root.resolve("devices");
        if (!Files.isDirectory(devicesDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new MachineException(root.toString(), -1, -1, null,
                    "a directory without devices/: not a sysfs (give /sys, or a copy of it)");
        }
        SysfsReader reader = new SysfsReader(root);
        reader.walk(devicesDir, 0);
        if (reader.devices.isEmpty()) {
            throw new MachineException(root.toString(), -1, -1, null,
                    "no devices below devices/ (no directory with a uevent file and a subsystem link)");
        }
        List<String> notes = new ArrayList<>();
        if (reader.unreadable > 0) {
            notes.add(reader.unreadable + " sysfs files could not be read and were left out");
        }
        Path dmi = root.resolve("devices/virtual/dmi/id");
        String name = DmiName.join(reader.text(dmi.resolve("sys_vendor")), reader.text(dmi.resolve("product_name")),
                reader.text(dmi.resolve("product_version")));
        return new DeviceRecords(root.toString(), MachineFormat.SYSFS, reader.devices, name, notes);
    }

    private void walk(Path dir, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MachineException(root.toString(), -1, -1, "/" + root.relativize(dir),
                    "deeper than " + MAX_DEPTH + " directories: not a sysfs");
        }
        boolean uevent = false;
        Path subsystem = null;
        Path driver = null;
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Files.isSymbolicLink(p)) {
                    if (name.equals("subsystem")) {
                        subsystem = p;
                    } else if (name.equals("driver")) {
                        driver = p;
                    }
                } else if (name.equals("uevent")) {
                    uevent = true;
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    subdirs.add(p);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException | SecurityException e) {
            // A directory that cannot be listed (or stops being listable while it is read) is counted, not fatal.
            unreadable++;
            return;
        }
        if (uevent && subsystem != null) {
            device(dir, subsystem, driver);
        }
        subdirs.sort(null);
        for (Path sub : subdirs) {
            walk(sub, depth + 1);
        }
    }

    private void device(Path dir, Path subsystemLink, Path driverLink) {
        if (devices.size() == MAX_DEVICES) {
            throw new MachineException(root.toString(), -1, -1, null, "more than " + MAX_DEVICES + " devices: not a sysfs");
        }
        String devpath = "/" + root.relativize(dir).toString().replace('\\', '/');
        RecordBuilder r = new RecordBuilder(devpath, 0);
        String uevent = text(dir.resolve("uevent"));
        if (uevent != null) {
            for (String line : uevent.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    r.properties.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        r.subsystemLink = RecordBuilder.subsystemOf(target(subsystemLink));
        if (r.subsystemLink != null) {
            r.properties.put("SUBSYSTEM", r.subsystemLink.substring(r.subsystemLink.indexOf('/') + 1));
        }
        if (driverLink != null) {
            r.driverLink = RecordBuilder.driverOf(target(driverLink));
        }
        if ("class/devlink".equals(r.subsystemLink)) {
            for (String a : DEVLINK_ATTRIBUTES) {
                String v = text(dir.resolve(a));
                if (v != null) {
                    r.attributes.put(a, v.strip());
                }
            }
        }
        devices.add(r.build());
    }

    private String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            unreadable++;
            return "";
        }
    }

    /** A small sysfs file's text (a page at most), or null where it cannot be read. */
    private String text(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(SourceLines.MAX_LINE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            unreadable++;
            return null;
        }
    }
}
