package io.hasp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of Hasp, Lettuce and Netty at DEBUG and above while open, with the messages of any
 * exceptions logged with them, instead of printing them; restores the configured levels and appenders on close.
 */
final class CapturedLogs implements AutoCloseable {
    private static final String[] LOGGERS = {Logger.ROOT_LOGGER_NAME, "io.hasp", "io.lettuce", "io.netty"};

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<String, Level> levels = new HashMap<>();
    private final List<Appender<ILoggingEvent>> console = new ArrayList<>();

    CapturedLogs() {
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        // The configured appenders would print every DEBUG line of Netty and Lettuce: held back while capturing.
        root.iteratorForAppenders().forEachRemaining(console::add);
        console.forEach(root::detachAppender);
        for (String name : LOGGERS) {
            Logger logger = context.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    /** Each captured line: level, logger, formatted message and the logged exception chain's messages. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        synchronized (appender) {
            for (ILoggingEvent event : List.copyOf(appender.list)) {
                StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
                        + event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    @Override
    public void close() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        console.forEach(root::addAppender);
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
        appender.stop();
    }
}
