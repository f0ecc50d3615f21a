/**
 * Hasp's implementation. Nothing here is public API: it may change in any release without notice. Applications use
 * {@code io.hasp} only.
 */
package io.hasp.internal;
