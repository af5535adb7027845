/** Guarded calls into the code of other bundles. */
package org.drivercore.common.callout;
