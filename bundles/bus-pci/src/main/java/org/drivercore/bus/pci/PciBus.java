package org.drivercore.bus.pci;

import org.drivercore.api.BusType;
import org.osgi.service.component.annotations.Component;

/**
 * The PCI bus. A driver's id table holds modalias globs ({@code pci:v00008086d*sv*sd*bc01sc08i02*} for
 * an NVMe-class device), matched against the device's {@code MODALIAS} as {@code pci_match_device()} does
 * with vendor, device and class ids.
 */
@Component(service = BusType.class)
public final class PciBus implements BusType {

    @Override
    public String name() {
        return "pci";
    }
}
