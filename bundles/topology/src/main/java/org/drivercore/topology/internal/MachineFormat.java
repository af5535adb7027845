package org.drivercore.topology.internal;

/** The sources a machine can be loaded from; {@code MachineSources} tells them apart by their content. */
public enum MachineFormat {
    /** drivercore's machine file (docs/machine-format.md). */
    MACHINE_JSON("machine file"),
    /** {@code udevadm info --export-db}, any systemd generation. */
    UDEV_EXPORT_DB("udevadm export-db"),
    /** A {@code umockdev-record} recording. */
    UMOCKDEV("umockdev recording"),
    /** A live {@code /sys}, read-only. */
    SYSFS("live /sys");

    private final String label;

    MachineFormat(String label) {
        this.label = label;
    }

    /** The format's name for people. */
    public String label() {
        return label;
    }
}
