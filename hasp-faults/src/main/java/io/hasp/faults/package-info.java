/**
 * The fault run: scenarios (a deployment of lock servers, a resource server, fault proxies and worker processes,
 * faced with nemeses), the runner that plays them and checks their histories, and the command-line entry point
 * {@link io.hasp.faults.FaultRun}. An application of the public Hasp API; see {@code docs/faults.md}.
 */
package io.hasp.faults;
