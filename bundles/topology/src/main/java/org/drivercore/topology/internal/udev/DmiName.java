package org.drivercore.topology.internal.udev;

import java.util.List;

/**
 * The machine's name from its DMI data: vendor and product, as {@code /sys/class/dmi/id} shows them or as the
 * {@code dmi:} modalias of {@code /devices/virtual/dmi/id} packs them ({@code drivers/firmware/dmi-id.c},
 * {@code get_modalias()}: {@code svn} vendor, {@code pn} product, {@code pvr} product version, each with ':' and
 * spaces filtered out).
 */
final class DmiName {

    static final String DMI_DEVPATH = "/devices/virtual/dmi/id";

    private DmiName() {
    }

    /** "vendor product (version)", from the records' DMI device, or null. */
    static String of(List<DeviceRecord> records) {
        for (DeviceRecord r : records) {
            if (r.devpath().equals(DMI_DEVPATH)) {
                String modalias = r.properties().get("MODALIAS");
                return modalias == null ? null : fromModalias(modalias);
            }
        }
        return null;
    }

    static String fromModalias(String modalias) {
        if (!modalias.startsWith("dmi:")) {
            return null;
        }
        String vendor = null;
        String product = null;
        String version = null;
        for (String field : modalias.substring(4).split(":")) {
            if (field.startsWith("svn")) {
                vendor = field.substring(3);
            } else if (field.startsWith("pn")) {
                product = field.substring(2);
            } else if (field.startsWith("pvr")) {
                version = field.substring(3);
            }
        }
        return join(vendor, product, version);
    }

    static String join(String vendor, String product, String version) {
        if (product == null || product.isBlank()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        if (vendor != null && !vendor.isBlank()) {
            b.append(vendor.strip()).append(' ');
        }
        b.append(product.strip());
        if (version != null && !version.isBlank() && !version.strip().equals(product.strip())) {
            b.append(" (").append(version.strip()).append(')');
        }
        return b.toString();
    }
}
