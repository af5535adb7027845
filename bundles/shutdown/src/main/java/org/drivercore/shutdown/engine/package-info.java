/**
 * The shutdown engine, plain Java (no OSGi): it runs a strategy's programs on a graph, on a virtual or a real
 * clock, and keeps the trace. The states of a program, as {@link org.drivercore.shutdown.engine.Execution} moves
 * it ({@code docs/design.md} explains them):
 *
 * <pre>
 *   queued --(a thread is free)--&gt; running --(no step left)--&gt; ended
 *     ^                               |   \
 *     |                   Await not   |    \ Run: callback working (HOLD keeps the thread)
 *     |                   satisfied   v     v
 *     +--(RELEASE: woken)---------- waiting &lt;-- the node finishes: waiters woken in wait order
 *                                     |
 *                                     +--(HOLD: woken on its own thread)--&gt; running
 * </pre>
 *
 * A node goes WAITING, RUNNING, FINISHED (done, failed, timed out or skipped), and never back. The
 * {@link org.drivercore.shutdown.engine.HangTracker} only watches.
 */
package org.drivercore.shutdown.engine;
