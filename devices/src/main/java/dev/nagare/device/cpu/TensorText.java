package dev.nagare.device.cpu;

import dev.nagare.graph.DType;
import dev.nagare.graph.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A tensor's values as TensorFlow's {@code Tensor::SummarizeValue} writes them into Assert's and Print's messages:
 * at most {@code max} elements (negative: all) in row-major order, the rows of a matrix each in brackets, elements
 * split by spaces, and "..." where elements were left out. Numbers as TensorFlow's StrCat writes them: floats in
 * C's {@code %g} with 6 significant digits (float64: 15), or 9 (17) where that would not read back the same; bools
 * as 1 and 0; strings with C escapes.
 */
final class TensorText {
    private TensorText() {}

    static String summarize(Tensor t, int max) {
        int n = t.size();
        int limit = max < 0 ? n : Math.min(max, n);
        if (noBools(t, limit)) return "";
        StringBuilder sb = new StringBuilder();
        int[] dims = t.shape().dims();
        if (dims.length == 0) {
            for (int i = 0; i < limit; i++) sb.append(i > 0 ? " " : "").append(element(t, i));
        } else {
            dim(t, dims, 0, limit, new int[1], sb);
        }
        if (n > limit) sb.append("...");
        return sb.toString();
    }

    /**
     * As TensorFlow's {@code SummarizeValue(max, print_v2 = true)}, which StringFormat (and so {@code tf.print})
     * writes: numpy's layout, every axis in brackets, at most {@code ends} = min(max, size) entries at each end of
     * every axis (max negative: all) with "..." between; rows split by a newline and spaces that line them up
     * under their bracket, one blank line more per outer axis; strings in double quotes. A scalar is its element.
     */
    static String summarizeV2(Tensor t, int max) {
        int n = t.size();
        int ends = max < 0 ? n : Math.min(max, n);
        if (noBools(t, ends)) return "";
        int[] dims = t.shape().dims();
        StringBuilder sb = new StringBuilder();
        if (dims.length == 0) return n > ends ? "..." : elementV2(t, 0); // a scalar with max 0 shows only the elision
        axisV2(t, dims, 0, ends, 0, sb);
        return sb.toString();
    }

    /**
     * True for bools of which nothing is shown: TensorFlow's bool summary returns nothing at all before its layout
     * (no brackets, no "...") when it reads no element (summarize 0, or an empty tensor).
     */
    private static boolean noBools(Tensor t, int shown) { return t.dtype() == DType.BOOL && shown == 0; }

    /** Axis {@code d} of the block starting at element {@code offset}: its first and last {@code ends} entries. */
    private static void axisV2(Tensor t, int[] dims, int d, int ends, int offset, StringBuilder sb) {
        if (d == dims.length) {
            sb.append(elementV2(t, offset));
            return;
        }
        int count = dims[d], stride = 1;
        for (int i = d + 1; i < dims.length; i++) stride *= dims[i];
        sb.append('[');
        for (int i = 0; i < ends && i < count; i++) {
            if (i > 0) betweenV2(d, dims.length, sb);
            axisV2(t, dims, d + 1, ends, offset + stride * i, sb);
        }
        // As TensorFlow: a separator comes before the "..." even when nothing was written before it (ends = 0).
        if (count > 2 * ends) betweenV2(d, dims.length, sb).append("...");
        for (int i = Math.max(ends, count - ends); i < count; i++) {
            betweenV2(d, dims.length, sb);
            axisV2(t, dims, d + 1, ends, offset + stride * i, sb);
        }
        sb.append(']');
    }

    /** Between two entries of axis {@code d}: a space on the last axis; else a newline per inner axis and d + 1 spaces. */
    private static StringBuilder betweenV2(int d, int rank, StringBuilder sb) {
        if (d == rank - 1) return sb.append(' ');
        return sb.append("\n".repeat(rank - d - 1)).append(" ".repeat(d + 1));
    }

    private static String elementV2(Tensor t, int i) { return t.dtype() == DType.STRING ? '"' + element(t, i) + '"' : element(t, i); }

    /** Axis {@code d} from element {@code next[0]} on; a row cut short by the limit ends in "..." (but the outermost). */
    private static void dim(Tensor t, int[] dims, int d, int limit, int[] next, StringBuilder sb) {
        if (next[0] >= limit) return;
        if (d == dims.length - 1) {
            for (int i = 0; i < dims[d]; i++) {
                if (next[0] >= limit) {
                    if (d != 0) sb.append("...");
                    return;
                }
                sb.append(i > 0 ? " " : "").append(element(t, next[0]++));
            }
            return;
        }
        for (int i = 0; i < dims[d]; i++) {
            boolean open = next[0] < limit;
            if (open) sb.append('[');
            dim(t, dims, d + 1, limit, next, sb);
            if (open) sb.append(']');
        }
    }

    private static String element(Tensor t, int i) {
        return switch (t.dtype()) {
            case FLOAT32 -> {
                float f = t.floatData()[i];
                String s = g(f, 6);
                yield !Float.isFinite(f) || Float.parseFloat(s) == f ? s : g(f, 9);
            }
            case FLOAT64 -> {
                double v = t.doubleData()[i];
                String s = g(v, 15);
                yield !Double.isFinite(v) || Double.parseDouble(s) == v ? s : g(v, 17);
            }
            case INT32 -> Integer.toString(t.intData()[i]);
            case INT64 -> Long.toString(t.longData()[i]);
            case BOOL -> t.boolData()[i] ? "1" : "0";
            case STRING -> cEscape(t.stringData()[i]);
        };
    }

    /** C's {@code printf("%.{digits}g", v)}. */
    static String g(double v, int digits) {
        boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
        if (Double.isNaN(v)) return negative ? "-nan" : "nan";
        if (Double.isInfinite(v)) return negative ? "-inf" : "inf";
        if (v == 0) return negative ? "-0" : "0";
        BigDecimal b = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        int exp = b.precision() - b.scale() - 1; // the power of ten of the leading digit
        if (exp >= -4 && exp < digits) return b.stripTrailingZeros().toPlainString();
        String m = b.unscaledValue().abs().toString().replaceFirst("0+$", "");
        String mantissa = m.length() > 1 ? m.charAt(0) + "." + m.substring(1) : m;
        return (negative ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** Bytes with C escapes for quotes, backslashes and control characters; bytes of UTF-8 sequences as they are. */
    private static String cEscape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        for (byte x : bytes) {
            int c = x & 0xff;
            String esc = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '"' -> "\\\"";
                case '\'' -> "\\'";
                case '\\' -> "\\\\";
                default -> c < 0x20 || c == 0x7f ? String.format("\\%03o", c) : null;
            };
            if (esc == null) {
                raw.write(c);
                continue;
            }
            sb.append(raw.toString(java.nio.charset.StandardCharsets.UTF_8)).append(esc);
            raw.reset();
        }
        return sb.append(raw.toString(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
