package org.drivercore.topology.internal.udev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A sysfs built by a test: one device directory with the files and links the kernel makes for it. */
public final class SysfsFixture {

    private SysfsFixture() {
    }

    /** The device's directory below {@code sys}, with its uevent, subsystem and driver links, and a power/ folder. */
    public static Path device(Path sys, String devpath, String subsystemLink, String driverLink, String uevent)
            throws IOException {
        Path dir = sys.resolve(devpath.substring(1));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("uevent"), uevent);
        Files.createSymbolicLink(dir.resolve("subsystem"), Path.of(subsystemLink));
        if (driverLink != null) {
            Files.createSymbolicLink(dir.resolve("driver"), Path.of(driverLink));
        }
        Files.createDirectories(dir.resolve("power"));
        Files.writeString(dir.resolve("power/control"), "auto\n");
        return dir;
    }
}
