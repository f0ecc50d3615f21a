/**
 * Hasp for Micrometer: {@link io.hasp.micrometer.HaspMetrics} (meters from a client's lock events) and
 * {@link io.hasp.micrometer.HaspObservations} (observations, hence spans, around acquires and held sections).
 */
package io.hasp.micrometer;
