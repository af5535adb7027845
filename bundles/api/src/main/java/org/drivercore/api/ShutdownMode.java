package org.drivercore.api;

/** What follows the device shutdown: Linux's power-off, restart or halt. */
public enum ShutdownMode { POWEROFF, REBOOT, HALT }
