/** Hasp for ShedLock: {@link io.hasp.shedlock.HaspLockProvider}. */
package io.hasp.shedlock;
