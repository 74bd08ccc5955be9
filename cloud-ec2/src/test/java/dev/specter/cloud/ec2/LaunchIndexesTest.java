package dev.specter.cloud.ec2;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LaunchIndexesTest {
    @Test
    void runsBecomeRanges() {
        assertThat(LaunchIndexes.encode(List.of(0, 1, 2, 3))).isEqualTo("0-3");
        assertThat(LaunchIndexes.encode(List.of(3, 7, 8, 12))).isEqualTo("3,7-8,12");
        assertThat(LaunchIndexes.decode("3,7-8,12")).containsExactly(3, 7, 8, 12);
    }

    @Test
    void valuesThatAreNotListsOfNumbersDecodeToNothing() {
        assertThat(LaunchIndexes.decode(null)).isEmpty();
        assertThat(LaunchIndexes.decode("")).isEmpty();
        assertThat(LaunchIndexes.decode("a,b")).isEmpty();
        assertThat(LaunchIndexes.decode("9-3")).isEmpty();
        assertThat(LaunchIndexes.decode("0-999999999")).isEmpty();
    }

    @Property
    void everyChunkFitsATagAndTogetherTheyKeepEveryNumberInOrder(
            @ForAll @Size(max = 400) @UniqueElements List<@IntRange(max = 100_000) Integer> numbers) {
        List<Integer> sorted = new ArrayList<>(numbers);
        sorted.sort(null);
        List<Integer> back = new ArrayList<>();
        for (List<Integer> chunk : LaunchIndexes.chunks(sorted)) {
            String tag = LaunchIndexes.encode(chunk);
            assertThat(tag.length()).isLessThanOrEqualTo(LaunchIndexes.MAX_LENGTH);
            back.addAll(LaunchIndexes.decode(tag));
        }
        assertThat(back).isEqualTo(sorted);
    }
}
