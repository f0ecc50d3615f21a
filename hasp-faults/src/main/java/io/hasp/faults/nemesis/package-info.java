/**
 * Faults and what they act on: the deployment of one scenario (servers, proxies, worker processes), each kind of
 * nemesis, and the seeded scheduler that plays them alone and mixed.
 */
package io.hasp.faults.nemesis;
