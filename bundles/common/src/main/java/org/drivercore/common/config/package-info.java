/** Reading a component's configuration so that a bad value falls back to its default in one line. */
package org.drivercore.common.config;
