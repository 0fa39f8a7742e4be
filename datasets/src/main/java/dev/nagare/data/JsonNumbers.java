package dev.nagare.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small hand-written JSON reader for one thing: the array of numbers held by a member of the top-level
 * object (e.g. {@code { "data": [0, 0.2, 0.624, ...] }}), or a top-level array of numbers. Other members are
 * skipped whatever their JSON value. Errors are {@link IOException}s naming the file and the byte offset.
 */
final class JsonNumbers {
    private final byte[] s;
    private final String name;
    private int pos;

    private JsonNumbers(byte[] s, String name) {
        this.s = s;
        this.name = name;
    }

    /**
     * The numbers of the array under {@code member} of the top-level object, or of the top-level array if the
     * document is an array ({@code member} is then ignored).
     */
    static double[] numberArray(byte[] json, String member, String name) throws IOException {
        JsonNumbers p = new JsonNumbers(json, name);
        p.skipBom();
        p.ws();
        double[] result;
        if (p.peek() == '[') {
            result = p.numbers();
        } else {
            result = p.objectMember(member);
        }
        p.ws();
        if (p.pos != p.s.length) {
            throw p.error("unexpected content after the JSON document");
        }
        return result;
    }

    private double[] objectMember(String member) throws IOException {
        expect('{');
        double[] found = null;
        ws();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                ws();
                String key = string();
                ws();
                expect(':');
                ws();
                if (key.equals(member)) {
                    if (found != null) {
                        throw error("member \"" + member + "\" appears twice");
                    }
                    found = numbers();
                } else {
                    skipValue(0);
                }
                ws();
                int c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw error("expected ',' or '}' in object");
                }
            }
        }
        if (found == null) {
            throw new IOException(name + ": no member \"" + member + "\" holding an array of numbers");
        }
        return found;
    }

    private double[] numbers() throws IOException {
        expect('[');
        double[] out = new double[1024];
        int n = 0;
        ws();
        if (peek() == ']') {
            pos++;
            return new double[0];
        }
        while (true) {
            ws();
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = number();
            ws();
            int c = next();
            if (c == ']') {
                return Arrays.copyOf(out, n);
            }
            if (c != ',') {
                throw error("expected ',' or ']' in array of numbers");
            }
        }
    }

    /** A JSON number, checked against the JSON grammar. */
    private double number() throws IOException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("expected a number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) throw error("expected a digit after '.'");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("expected a digit in the exponent");
            while (isDigit(peek())) pos++;
        }
        return Double.parseDouble(new String(s, start, pos - start, StandardCharsets.US_ASCII));
    }

    private String string() throws IOException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error(c < 0 ? "unterminated string" : "control character in string");
            }
            if (c == '\\') {
                int e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append((char) e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length) throw error("truncated \\u escape");
                        try {
                            sb.append((char) Integer.parseInt(new String(s, pos, 4, StandardCharsets.US_ASCII), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape in string");
                }
            } else if (c < 0x80) {
                sb.append((char) c);
            } else {                               // keep UTF-8 sequences intact (keys are compared only)
                int start = pos - 1;
                while (pos < s.length && (s[pos] & 0xC0) == 0x80) pos++;
                sb.append(new String(s, start, pos - start, StandardCharsets.UTF_8));
            }
        }
    }

    private void skipValue(int depth) throws IOException {
        if (depth > 512) {
            throw error("nesting too deep");
        }
        int c = peek();
        switch (c) {
            case '"' -> string();
            case '[', '{' -> {
                boolean obj = c == '{';
                pos++;
                ws();
                if (peek() == (obj ? '}' : ']')) {
                    pos++;
                    return;
                }
                while (true) {
                    ws();
                    if (obj) {
                        string();
                        ws();
                        expect(':');
                        ws();
                    }
                    skipValue(depth + 1);
                    ws();
                    int d = next();
                    if (d == (obj ? '}' : ']')) return;
                    if (d != ',') throw error("expected ',' or '" + (obj ? '}' : ']') + "'");
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void literal(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) throw error("expected '" + word + "'");
        }
    }

    private void skipBom() {
        if (s.length >= 3 && (s[0] & 0xFF) == 0xEF && (s[1] & 0xFF) == 0xBB && (s[2] & 0xFF) == 0xBF) pos = 3;
    }

    private void ws() {
        while (pos < s.length && (s[pos] == ' ' || s[pos] == '\n' || s[pos] == '\r' || s[pos] == '\t')) pos++;
    }

    private int peek() {
        return pos < s.length ? s[pos] & 0xFF : -1;
    }

    private int next() {
        return pos < s.length ? s[pos++] & 0xFF : -1;
    }

    private void expect(char c) throws IOException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private IOException error(String problem) {
        int at = Math.max(0, Math.min(pos, s.length));
        String found = at >= s.length ? "end of file" : "'" + (char) (s[at] & 0xFF) + "'";
        return new IOException(name + ": invalid JSON at byte " + at + ": " + problem + ", found " + found);
    }
}
