package dev.nagare.device.cpu;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as C's printf writes them with {@code %d}, {@code %f}, {@code %e} and {@code %g} (AsString's formats):
 * decimal digits of the exact binary value, rounded half to even as glibc rounds; {@code inf} and {@code nan};
 * {@code %g} without trailing zeros. Java's Formatter differs on each of these, so it is not used for floats.
 */
final class Printf {
    private final int precision;   // -1: printf's default
    private final char conversion; // 'f', 'e' or 'g'
    private final int width;       // -1: none
    private final boolean zeroFill;

    private Printf(int precision, char conversion, int width, boolean zeroFill) {
        this.precision = precision;
        this.conversion = conversion;
        this.width = width;
        this.zeroFill = zeroFill;
    }

    static Printf of(int precision, boolean scientific, boolean shortest, int width, String fill) {
        return new Printf(precision, shortest ? 'g' : scientific ? 'e' : 'f', width, fill.equals("0"));
    }

    String integer(long v) {
        String digits = Long.toString(Math.abs(v));
        if (v == Long.MIN_VALUE) digits = digits.substring(1);
        return pad(v < 0 ? "-" : "", digits, zeroFill);
    }

    String floating(double v) {
        String sign = (Double.doubleToRawLongBits(v) < 0) ? "-" : "";
        if (Double.isNaN(v)) return pad(sign, "nan", false);
        if (Double.isInfinite(v)) return pad(sign, "inf", false);
        BigDecimal a = new BigDecimal(Math.abs(v));
        int p = precision < 0 ? 6 : precision;
        String body = switch (conversion) {
            case 'f' -> fixed(a, p);
            case 'e' -> exponent(a, p);
            default -> general(a, p == 0 ? 1 : p);
        };
        return pad(sign, body, zeroFill);
    }

    private static String fixed(BigDecimal a, int p) { return a.setScale(p, RoundingMode.HALF_EVEN).toPlainString(); }

    /** d.ddde+XX with {@code p} digits after the point. */
    private static String exponent(BigDecimal a, int p) {
        if (a.signum() == 0) return fixed(a, p) + "e+00";
        BigDecimal r = a.round(new MathContext(p + 1, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        String mantissa = r.movePointLeft(exp).setScale(p, RoundingMode.HALF_EVEN).toPlainString();
        String e = Integer.toString(Math.abs(exp));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }

    /** %g: %e or %f by the exponent X of the value rounded to {@code p} digits (%f when -4 <= X < p), trailing zeros dropped. */
    private static String general(BigDecimal a, int p) {
        int exp = a.signum() == 0 ? 0 : a.round(new MathContext(p, RoundingMode.HALF_EVEN)).precision()
                - a.round(new MathContext(p, RoundingMode.HALF_EVEN)).scale() - 1;
        String s = exp >= -4 && exp < p ? fixed(a, p - 1 - exp) : exponent(a, p - 1);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e), tail = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        return mantissa + tail;
    }

    private String pad(String sign, String body, boolean zeros) {
        int missing = width - sign.length() - body.length();
        if (missing <= 0) return sign + body;
        String fill = (zeros ? "0" : " ").repeat(missing);
        return zeros ? sign + fill + body : fill + sign + body;
    }
}
