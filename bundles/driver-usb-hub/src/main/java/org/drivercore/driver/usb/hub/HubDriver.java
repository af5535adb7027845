package org.drivercore.driver.usb.hub;

import org.drivercore.api.Driver;
import org.drivercore.api.InitcallLevel;
import org.drivercore.common.driver.TableDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The USB hub driver ({@code drivers/usb/core/hub.c}), an interface driver that {@code usb_init()} registers
 * ({@code subsys_initcall}). Its probe brings up the hub's ports; the devices found behind them are created here in the
 * probe (Linux creates them from {@code hub_event()} on {@code hub_wq}), and removed with the hub when it is unbound, as
 * {@code hub_disconnect()} does. {@code hub_driver} has no shutdown callback, nor has the USB bus.
 */
@Component(service = Driver.class, configurationPid = HubDriver.PID)
@Designate(ocd = HubDriver.Config.class)
public final class HubDriver extends TableDriver {

    static final String PID = "org.drivercore.driver.usb.hub";

    /** The driver's id table. */
    @ObjectClassDefinition(name = "drivercore USB hub driver", description = "The USB hub interface driver.")
    public @interface Config {
        @AttributeDefinition(name = "Id table", description = "Interface class 09: every hub (hub_id_table).")
        String[] ids() default { "usb:v*p*d*dc*dsc*dp*ic09isc*ip*in*" };
    }

    @Activate
    public HubDriver(Config config) {
        super("hub", "usb", config.ids());
    }

    @Override
    public InitcallLevel initcall() {
        return InitcallLevel.SUBSYS;
    }

    @Override
    public boolean hasShutdown() {
        return false;
    }
}
