/** Hasp for Micrometer: {@link io.hasp.micrometer.HaspMetrics}. */
package io.hasp.micrometer;
