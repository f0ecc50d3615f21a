/**
 * History events and their tab-separated file format: one line per event, appended and handed to the operating
 * system as it happens, so the history of a killed process survives.
 */
package io.hasp.faults.history;
