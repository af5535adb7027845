/**
 * The drivercore device-core API: devices and the device registry with Linux's rules, bus types, device
 * classes and drivers (whiteboard services), device links, probe results, and what a driver needs while it
 * shuts a device down (the {@link org.drivercore.api.ShutdownContext}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.3.0")
package org.drivercore.api;
