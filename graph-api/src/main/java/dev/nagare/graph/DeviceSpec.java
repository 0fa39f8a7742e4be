package dev.nagare.graph;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device name: a type ({@code CPU}, {@code GPU}) and an index. Parses TensorFlow's spellings
 * {@code /cpu:0}, {@code /gpu:1}, {@code /device:GPU:0} and {@code /job:localhost/replica:0/task:0/device:CPU:0};
 * prints the canonical {@code /device:CPU:0}.
 */
public record DeviceSpec(String type, int index) {
    private static final Pattern FORM = Pattern.compile(
            "(?:/job:[^/]+)?(?:/replica:\\d+)?(?:/task:\\d+)?/(?:device:)?([A-Za-z]+):(\\d+)");

    public DeviceSpec {
        type = type.toUpperCase(Locale.ROOT);
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }

    public static DeviceSpec parse(String name) {
        Matcher m = FORM.matcher(name.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a device name; use /cpu:0, /gpu:0 or /device:GPU:0");
        }
        return new DeviceSpec(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** The canonical name, {@code /device:CPU:0}. */
    @Override
    public String toString() { return "/device:" + type + ":" + index; }
}
