/** Hasp for Spring Integration: {@link io.hasp.spring.integration.HaspLockRegistry}. */
package io.hasp.spring.integration;
