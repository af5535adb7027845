package org.drivercore.api;

/**
 * When a built-in driver registers during boot, Linux's initcall levels of {@code include/linux/init.h}, in the
 * order they run. {@code module_init()} of a built-in driver is {@link #DEVICE}.
 */
public enum InitcallLevel {
    PURE, CORE, POSTCORE, ARCH, SUBSYS, FS, ROOTFS, DEVICE, LATE
}
