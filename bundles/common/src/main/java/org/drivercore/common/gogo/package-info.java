/** What the Gogo commands share: usage lines derived from their own annotations. */
package org.drivercore.common.gogo;
