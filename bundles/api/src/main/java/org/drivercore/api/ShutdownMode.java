package org.drivercore.api;

/**
 * What follows the device shutdown: Linux's power-off, restart or halt ({@code kernel_shutdown_prepare()},
 * {@code kernel_restart_prepare()}), or a kexec into a new kernel ({@code kernel_kexec()}, which sets
 * {@code kexec_in_progress} first, so that PCI clears bus mastering).
 */
public enum ShutdownMode { POWEROFF, REBOOT, HALT, KEXEC }
