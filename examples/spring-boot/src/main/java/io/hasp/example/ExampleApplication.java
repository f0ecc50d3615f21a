package io.hasp.example;

import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A Spring Boot service on Hasp: the starter makes the {@code Hasp} client from {@code spring.data.redis.*},
 * {@link CounterController} guards a read-modify-write with {@code HaspLockRegistry}, {@link ReportJob} runs once per
 * tick across instances under ShedLock's {@code @SchedulerLock}, and Actuator shows Hasp's meters at
 * {@code /actuator/metrics/hasp.lock.wait} (and {@code /actuator/prometheus} when a Prometheus registry is added).
 * Run several instances against one Redis: {@code java -jar ... --server.port=8081}.
 */
@SpringBootApplication
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT30S")
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
