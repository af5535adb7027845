package org.drivercore.shutdown.engine;

/**
 * A thread taken by a program, from when it got it to when it gave it back (emulated nanoseconds), with the order of
 * those two events among every take and give-back of the run: what peak threads is counted from, so that a trace lets
 * anyone count it again, zero-length holds included.
 */
public record ThreadSpan(String thread, String program, long from, long to, long fromSeq, long toSeq) {
}
