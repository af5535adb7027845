/** The JSON writer of the commands and reports (Jackson). */
package org.drivercore.common.json;
