/**
 * The worker process: threads that acquire a lock, read and write the fenced resource and release, logging every
 * step; the lock variants under test; and the deliberately broken workloads.
 */
package io.hasp.faults.worker;
