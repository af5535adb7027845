/** Plain-text tables for the Gogo commands. */
package org.drivercore.common.text;
