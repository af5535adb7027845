package org.drivercore.bus.generic;

import org.drivercore.api.BusType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A bus type of Linux that has no hand-written bundle, one per factory configuration of
 * {@value BusType#GENERIC_FACTORY_PID}, named by it. It keeps {@link BusType}'s defaults: a driver matches by its id
 * table against the device's {@code MODALIAS} or name (a recorded driver binds by name anyway), the driver's own probe,
 * remove and shutdown, and no hook of its own. That is what {@code device_shutdown()} does on most buses: where a bus
 * has a shutdown hook (i2c, spi, virtio, mmc, ...) it mostly calls the driver's, and where it does more, the profile of
 * the driver counts it (docs/linux-fidelity.md, "Imported machines").
 */
@Component(service = BusType.class, configurationPid = BusType.GENERIC_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GenericBus.Config.class, factory = true)
public final class GenericBus implements BusType {

    /** One bus type. */
    @ObjectClassDefinition(name = "drivercore generic bus", description = "A Linux bus type without a hand-written "
            + "bundle; the machine loader asks for one for each bus an imported machine needs.")
    public @interface Config {
        @AttributeDefinition(name = "Bus name", description = "The name devices and drivers give, as Linux's "
                + "struct bus_type has it (i2c, acpi, virtio).")
        String bus_name();
    }

    private final String name;

    @Activate
    public GenericBus(Config config) {
        if (config.bus_name() == null || config.bus_name().isBlank()) {
            throw new IllegalArgumentException("a generic bus needs a name (" + BusType.GENERIC_BUS_NAME + ")");
        }
        this.name = config.bus_name().trim();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "generic bus " + name + " (bundle org.drivercore.bus.generic)";
    }
}
