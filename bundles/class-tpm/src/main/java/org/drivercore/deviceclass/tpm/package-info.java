/** The {@code tpm} device class: its {@code shutdown_pre} hook. Private: the class is a whiteboard service. */
package org.drivercore.deviceclass.tpm;
