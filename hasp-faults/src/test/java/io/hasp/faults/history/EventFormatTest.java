package io.hasp.faults.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventFormatTest {

    @Test
    void anEventSurvivesFormattingAndParsing() {
        Event event = Event.of("w2.3", 1, Op.WRITE, Type.INVOKE).fence(1_712_000_000_123_456L).read(41).written(42)
                .seq(7).nanos(123_456_789L).wallMillis(1_700_000_000_000L).redisMicros(99).claim(800_000_000L, true)
                .waitMillis(1_500).leaseMillis(1_000).detail("fixed").build();

        assertThat(EventFormat.parse(EventFormat.format(event))).contains(event);
    }

    @Test
    void tabsAndLineBreaksInDetailsCannotBreakTheFormat() {
        Event event = Event.of("w1.1", 0, Op.ACQUIRE, Type.INFO).detail("boom\tat\nline").build();

        String line = EventFormat.format(event);

        assertThat(line).doesNotContain("\n");
        assertThat(EventFormat.parse(line)).get().extracting(Event::detail).isEqualTo("boom at line");
    }

    @Test
    void headersBlankAndTornLinesAreNotEvents() {
        String whole = EventFormat.format(Event.of("w1.1", 0, Op.ACQUIRE, Type.INVOKE).build());

        assertThat(EventFormat.parse(EventFormat.HEADER)).isEmpty();
        assertThat(EventFormat.parse("")).isEmpty();
        assertThat(EventFormat.parse(whole.substring(0, whole.length() / 2))).isEmpty();
        assertThat(EventFormat.parse(whole.replace("acquire", "dance"))).isEmpty();
    }
}
