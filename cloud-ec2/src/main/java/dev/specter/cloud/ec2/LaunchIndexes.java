package dev.specter.cloud.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The instance numbers of one launch call, written into one tag value as ranges ({@code 0-19},
 * {@code 3,7,12-14}). EC2 applies the same tags to every VM of a call, so a VM finds its own number
 * at its position (its AMI launch index) in this list: one call launches and tags a whole batch,
 * where a per-VM tag would cost one more call per VM.
 */
final class LaunchIndexes {
    /** EC2's limit on a tag value's length. */
    static final int MAX_LENGTH = 256;
    private static final Pattern FORMAT = Pattern.compile("\\d{1,9}(-\\d{1,9})?(,\\d{1,9}(-\\d{1,9})?)*");

    private LaunchIndexes() {
    }

    /** Encodes numbers in the order given; consecutive ascending runs become ranges. */
    static String encode(List<Integer> numbers) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            int start = numbers.get(i);
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(start);
            if (j > i) {
                out.append('-').append(numbers.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** The numbers of a tag value, in launch-index order; empty when the value is not a list of numbers. */
    static List<Integer> decode(String value) {
        if (value == null || value.length() > MAX_LENGTH || !FORMAT.matcher(value).matches()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            if (to < from || out.size() + (to - from) >= 10_000) {
                return List.of();
            }
            for (int n = from; n <= to; n++) {
                out.add(n);
            }
        }
        return out;
    }

    /** Splits numbers into consecutive runs whose encodings each fit one tag value. */
    static List<List<Integer>> chunks(List<Integer> numbers) {
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (Integer n : numbers) {
            current.add(n);
            if (encode(current).length() > MAX_LENGTH) {
                current.removeLast();
                out.add(current);
                current = new ArrayList<>(List.of(n));
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
