package io.hasp.spring.boot;

import org.springframework.util.ClassUtils;

/**
 * Hasp is built on Lettuce 7 (it releases and extends with Redis 8.4's compare commands through Lettuce 7 API), while
 * Spring Boot 4.0's dependency management picks Lettuce 6.8. Left alone, that mix fails deep inside a release; this
 * check fails start-up instead, saying how to fix it.
 */
final class LettuceCheck {
    /** A Lettuce 7 class Hasp calls. */
    static final String LETTUCE_7_CLASS = "io.lettuce.core.CompareCondition";

    private LettuceCheck() {
    }

    static void requireLettuce7(ClassLoader classLoader) {
        if (!ClassUtils.isPresent(LETTUCE_7_CLASS, classLoader)) {
            throw new IllegalStateException("Hasp needs Lettuce 7 or newer, but the Lettuce on the class path is"
                    + " older (Spring Boot 4.0 manages 6.8): set the lettuce.version property to the version hasp-core"
                    + " names (with spring-boot-starter-parent), or manage io.lettuce:lettuce-core at that version"
                    + " before Spring Boot's BOM");
        }
    }
}
