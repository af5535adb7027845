package org.drivercore.api;

/** How a driver probes, Linux's {@code enum probe_type} ({@code struct device_driver.probe_type}). */
public enum ProbeType {
    /** Synchronous unless asked otherwise on the command line ({@code PROBE_DEFAULT_STRATEGY}). */
    DEFAULT,
    /**
     * From async work ({@code async_schedule_dev}), so what the probe creates lands behind everything probed
     * synchronously meanwhile (nvme and sd set it).
     */
    PREFER_ASYNCHRONOUS,
    /** Always synchronous. */
    FORCE_SYNCHRONOUS
}
