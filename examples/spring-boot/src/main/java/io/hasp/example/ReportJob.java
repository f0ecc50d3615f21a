package io.hasp.example;

import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A job that every instance schedules at the same instants (a cron every {@code example.report.period-seconds}) and
 * that ShedLock runs on one of them per tick: the first to fire takes the lock, and {@code lockAtLeastFor} keeps it
 * taken past a fast run so that the others, firing a little later, skip. Each run adds one to its tick's entry in
 * the Redis hash {@code example:report:runs}, so a tick run twice would show there.
 */
@Component
class ReportJob {
    static final String RUNS_KEY = "example:report:runs";

    private final StringRedisTemplate redis;
    private final long periodSeconds;

    ReportJob(StringRedisTemplate redis, @Value("${example.report.period-seconds:2}") long periodSeconds) {
        this.redis = redis;
        this.periodSeconds = periodSeconds;
    }

    @Scheduled(cron = "*/${example.report.period-seconds:2} * * * * *")
    @SchedulerLock(name = "report", lockAtLeastFor = "${example.report.lock-at-least-for:PT1.5S}",
            lockAtMostFor = "PT30S")
    void report() {
        long now = Instant.now().getEpochSecond();
        long tick = now - now % periodSeconds;
        redis.opsForHash().increment(RUNS_KEY, Long.toString(tick), 1);
    }
}
