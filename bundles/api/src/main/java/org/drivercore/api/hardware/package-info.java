/**
 * Emulated hardware behind the devices: what a driver writes and polls, and what decides when it completes. A machine
 * file describes each device's hardware ({@link org.drivercore.api.hardware.HardwareSpec}: a kind and its latency
 * models); the {@link org.drivercore.api.hardware.Hardware} service turns that into a model per device, which a driver
 * reaches by its device's path. A driver never reads a latency: it writes a register or sends a command through the
 * {@link org.drivercore.api.ShutdownContext} (the emulated clock), and the model says when the status changes or the
 * command completes. The models are the hardware bundle's; drivers only use them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.drivercore.api.hardware;
