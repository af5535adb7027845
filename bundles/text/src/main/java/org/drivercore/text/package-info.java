/**
 * Plain-text output for the Gogo commands. Deliberately not exported: bnd's {@code -conditionalpackage} copies it
 * into each bundle that uses it.
 */
package org.drivercore.text;
