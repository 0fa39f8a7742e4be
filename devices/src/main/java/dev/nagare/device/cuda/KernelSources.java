package dev.nagare.device.cuda;

import dev.nagare.graph.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPU's kernels as CUDA C source, one module per family and dtype, compiled by NVRTC at first use
 * ({@link KernelCache}). Entry points are {@code extern "C"} so their PTX names are the names here
 * ({@link #entry}). Launch shapes and the structs passed by value ({@code NgBcast}, {@code NgRed}) are planned
 * in Java ({@link LaunchConfig}, {@link BroadcastPlan}, {@link ReductionPlan}).
 */
public final class KernelSources {
    private KernelSources() {}

    /** One compilation unit: its name, its source and the entry points it defines. */
    public record Module(String name, String source, List<String> entries) {}

    /** The dtypes with GPU kernels; strings stay on the CPU. */
    public static final List<DType> NUMERIC = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64);
    public static final List<DType> FLOATING = List.of(DType.FLOAT32, DType.FLOAT64);

    /** The C type of one element; bools are one byte, 0 or 1. */
    public static String ctype(DType t) {
        return switch (t) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT32 -> "int";
            case INT64 -> "long long";
            case BOOL -> "unsigned char";
            default -> throw new IllegalArgumentException("no GPU element type for " + t);
        };
    }

    /** Bytes per element on the GPU. */
    public static int bytes(DType t) {
        return switch (t) {
            case FLOAT32, INT32 -> 4;
            case FLOAT64, INT64 -> 8;
            case BOOL -> 1;
            default -> throw new IllegalArgumentException("no GPU element type for " + t);
        };
    }

    public static String suffix(DType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT32 -> "i32";
            case INT64 -> "i64";
            case BOOL -> "b8";
            default -> throw new IllegalArgumentException("no GPU element type for " + t);
        };
    }

    /** The entry point of {@code op} on {@code t}, with a variant suffix ("" or "_b", "_t", ...). */
    public static String entry(String op, DType t, String variant) { return "ng_" + op.toLowerCase() + "_" + suffix(t) + variant; }

    /** The module holding {@code entry}'s family for {@code t}. */
    public static String moduleName(String family, DType t) { return family + "_" + suffix(t); }

    /** Every module (what the build compiles for each architecture). */
    public static List<Module> all() {
        List<Module> out = new ArrayList<>();
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL)) out.add(elementwise(t));
        for (DType t : NUMERIC) out.add(reductions(t));
        for (DType t : FLOATING) out.add(nn(t));
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL)) out.add(casts(t));
        return out;
    }

    /** The module {@code name} ("elementwise_f32", ...). */
    public static Module module(String name) {
        for (Module m : all()) if (m.name().equals(name)) return m;
        throw new IllegalArgumentException("no GPU kernel module " + name);
    }

    private static final String COMMON = """
            struct NgBcast { long long rank; long long dims[8]; long long s[3][8]; };
            struct NgRed { long long outRank; long long outDims[8]; long long outStrides[8];
                           long long redRank; long long redDims[8]; long long redStrides[8]; };
            // The layouts BroadcastPlan.packed() and ReductionPlan.packed() write: 33 and 34 long longs, no padding.
            static_assert(sizeof(NgBcast) == 33 * 8, "NgBcast must match BroadcastPlan.packed()");
            static_assert(sizeof(NgRed) == 34 * 8, "NgRed must match ReductionPlan.packed()");
            // Offset of output element i in input `in` of a broadcast (innermost dimension last).
            __device__ __forceinline__ long long ng_off(const NgBcast& b, int in, long long i) {
                long long off = 0;
                for (int d = (int) b.rank - 1; d >= 0; d--) { off += (i % b.dims[d]) * b.s[in][d]; i /= b.dims[d]; }
                return off;
            }
            __device__ __forceinline__ long long ng_walk(long long i, long long rank, const long long* dims, const long long* strides) {
                if (rank == 1) return i * strides[0];
                long long off = 0;
                for (int d = (int) rank - 1; d >= 0; d--) { off += (i % dims[d]) * strides[d]; i /= dims[d]; }
                return off;
            }
            // Grid-stride loop over n elements.
            #define NG_LOOP(i, n) for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long) gridDim.x * blockDim.x)
            // The row (output element) of a block-per-row launch: blocks past 65535 continue along y.
            #define NG_ROW() ((long long) blockIdx.y * gridDim.x + blockIdx.x)
            extern __shared__ unsigned char ng_shared[];
            """;

    /** Unary and binary ops of the {@link ElementwiseTable} on {@code t}: a same-shape and a broadcasting kernel each. */
    static Module elementwise(DType t) {
        String T = ctype(t);
        StringBuilder src = new StringBuilder(COMMON).append("typedef ").append(T).append(" T;\n");
        if (t == DType.INT32 || t == DType.INT64) {
            // x^y by squaring; a negative power of an integer other than 1 and -1 is 0, as in TensorFlow.
            src.append("__device__ __forceinline__ T ng_ipow(T x, T y) { if (y < 0) return x == 1 ? 1 : x == -1 ? (y % 2 == 0 ? 1 : -1) : 0;\n"
                    + "  T r = 1; while (y > 0) { if (y & 1) r *= x; x *= x; y >>= 1; } return r; }\n");
        }
        if (t.isFloating()) {
            // The remainder with the divisor's sign (Python's %): x - floor(x / y) y.
            src.append("__device__ __forceinline__ T ng_fmod_floor(T x, T y) { T m = fmod(x, y); return (m != 0 && ((m < 0) != (y < 0))) ? m + y : m; }\n");
        }
        List<String> entries = new ArrayList<>();
        for (ElementwiseTable.Op op : ElementwiseTable.ops(t)) {
            String e = ElementwiseTable.expression(op.name(), t);
            String R = op.boolResult() ? "unsigned char" : "T";
            String name = entry(op.name(), t, "");
            if (op.arity() == 1) {
                src.append("extern \"C\" __global__ void ").append(name).append("(const T* xs, ").append(R)
                        .append("* o, long long n) { NG_LOOP(i, n) { T x = xs[i]; o[i] = (").append(R).append(") (").append(e).append("); } }\n");
                entries.add(name);
            } else {
                src.append("extern \"C\" __global__ void ").append(name).append("(const T* xs, const T* ys, ").append(R)
                        .append("* o, long long n) { NG_LOOP(i, n) { T x = xs[i], y = ys[i]; o[i] = (").append(R).append(") (").append(e).append("); } }\n");
                src.append("extern \"C\" __global__ void ").append(name).append("_b(const T* xs, const T* ys, ").append(R)
                        .append("* o, long long n, NgBcast b) { NG_LOOP(i, n) { T x = xs[ng_off(b, 0, i)], y = ys[ng_off(b, 1, i)]; o[i] = (")
                        .append(R).append(") (").append(e).append("); } }\n");
                entries.add(name);
                entries.add(name + "_b");
            }
        }
        // Fill: every element the scalar at *value (on the device), or the constant v.
        String fill = entry("Fill", t, ""), fillValue = entry("Fill", t, "_v");
        src.append("extern \"C\" __global__ void ").append(fill).append("(const T* value, T* o, long long n) { T v = *value; NG_LOOP(i, n) o[i] = v; }\n");
        src.append("extern \"C\" __global__ void ").append(fillValue).append("(T v, T* o, long long n) { NG_LOOP(i, n) o[i] = v; }\n");
        entries.add(fill);
        entries.add(fillValue);
        // Select: c ? x : y, the condition broadcast as input 0 of the plan.
        String select = entry("Select", t, "_b");
        src.append("extern \"C\" __global__ void ").append(select)
                .append("(const unsigned char* c, const T* xs, const T* ys, T* o, long long n, NgBcast b) { NG_LOOP(i, n) o[i] = c[ng_off(b, 0, i)] ? xs[ng_off(b, 1, i)] : ys[ng_off(b, 2, i)]; }\n");
        entries.add(select);
        return new Module(moduleName("elementwise", t), src.toString(), entries);
    }

    /** Conversions from {@code from} to every GPU dtype: C's conversion (toward zero), and != 0 into bool. */
    static Module casts(DType from) {
        String F = ctype(from);
        StringBuilder src = new StringBuilder(COMMON);
        List<String> entries = new ArrayList<>();
        for (DType to : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL)) {
            String D = ctype(to);
            String name = "ng_cast_" + suffix(from) + "_" + suffix(to);
            String conv = to == DType.BOOL ? "(unsigned char) (x[i] != 0)" : "(" + D + ") x[i]";
            src.append("extern \"C\" __global__ void ").append(name).append("(const ").append(F).append("* x, ").append(D)
                    .append("* o, long long n) { NG_LOOP(i, n) o[i] = ").append(conv).append("; }\n");
            entries.add(name);
        }
        return new Module(moduleName("cast", from), src.toString(), entries);
    }

    /** Sum, Prod, Max, Min, Mean over planned axes ({@link ReductionPlan}); ArgMax/ArgMin into int32 or int64. */
    static Module reductions(DType t) {
        String T = ctype(t);
        boolean floating = t.isFloating();
        String lowest = switch (t) {
            case FLOAT32 -> "__int_as_float(0xff800000)";
            case FLOAT64 -> "__longlong_as_double(0xfff0000000000000LL)";
            case INT32 -> "(-2147483647 - 1)";
            default -> "(-9223372036854775807LL - 1)";
        };
        String highest = switch (t) {
            case FLOAT32 -> "__int_as_float(0x7f800000)";
            case FLOAT64 -> "__longlong_as_double(0x7ff0000000000000LL)";
            case INT32 -> "2147483647";
            default -> "9223372036854775807LL";
        };
        StringBuilder src = new StringBuilder(COMMON).append("typedef ").append(T).append(" T;\n");
        // A NaN wins max and min, as Java's Math.max does on the CPU.
        src.append("__device__ __forceinline__ T ng_max(T a, T b) { return (a != a || a > b) ? a : b; }\n");
        src.append("__device__ __forceinline__ T ng_min(T a, T b) { return (a != a || a < b) ? a : b; }\n");
        List<String> entries = new ArrayList<>();
        String[][] kinds = {
                {"Sum", "0", "a + b", "acc"},
                {"Prod", "1", "a * b", "acc"},
                {"Max", lowest, "ng_max(a, b)", "acc"},
                {"Min", highest, "ng_min(a, b)", "acc"},
                {"Mean", "0", "a + b", floating ? "acc * scale" : "(m == 0 ? (T) 0 : acc / (T) m)"}};
        for (String[] k : kinds) {
            String combine = "#define NG_COMBINE(a, b) (" + k[2] + ")\n";
            String thread = entry(k[0], t, "_t"), block = entry(k[0], t, "_k");
            src.append(combine);
            // A thread per output element.
            src.append("extern \"C\" __global__ void ").append(thread).append("(const T* x, T* o, long long n, long long m, NgRed r, double scale) {\n")
                    .append("  NG_LOOP(i, n) { long long base = ng_walk(i, r.outRank, r.outDims, r.outStrides); T acc = ").append(k[1]).append(";\n")
                    .append("    for (long long k = 0; k < m; k++) { T v = x[base + ng_walk(k, r.redRank, r.redDims, r.redStrides)]; acc = NG_COMBINE(acc, v); }\n")
                    .append("    o[i] = (T) (").append(k[3]).append("); } }\n");
            // A block per output element: each thread folds a stride of the elements, then the block combines in shared memory.
            src.append("extern \"C\" __global__ void ").append(block).append("(const T* x, T* o, long long n, long long m, NgRed r, double scale) {\n")
                    .append("  long long i = NG_ROW(); if (i >= n) return; T* sh = (T*) ng_shared;\n")
                    .append("  long long base = ng_walk(i, r.outRank, r.outDims, r.outStrides); T acc = ").append(k[1]).append(";\n")
                    .append("  for (long long k = threadIdx.x; k < m; k += blockDim.x) { T v = x[base + ng_walk(k, r.redRank, r.redDims, r.redStrides)]; acc = NG_COMBINE(acc, v); }\n")
                    .append("  sh[threadIdx.x] = acc; __syncthreads();\n")
                    .append("  for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) { if (threadIdx.x < s) { T a = sh[threadIdx.x], b = sh[threadIdx.x + s]; sh[threadIdx.x] = NG_COMBINE(a, b); } __syncthreads(); }\n")
                    .append("  if (threadIdx.x == 0) { acc = sh[0]; o[i] = (T) (").append(k[3]).append("); } }\n");
            src.append("#undef NG_COMBINE\n");
            entries.add(thread);
            entries.add(block);
        }
        // ArgMax / ArgMin along one axis (the plan's only reduced axis): the first index of the extreme, a NaN winning as in Max.
        for (String op : List.of("ArgMax", "ArgMin")) {
            String better = op.equals("ArgMax") ? "v > best" : "v < best";
            for (DType idx : List.of(DType.INT32, DType.INT64)) {
                String name = entry(op, t, "_" + suffix(idx));
                src.append("extern \"C\" __global__ void ").append(name).append("(const T* x, ").append(ctype(idx)).append("* o, long long n, long long m, NgRed r) {\n")
                        .append("  NG_LOOP(i, n) { long long base = ng_walk(i, r.outRank, r.outDims, r.outStrides); long long at = 0; T best = x[base];\n")
                        .append("    for (long long k = 1; k < m && best == best; k++) { T v = x[base + ng_walk(k, r.redRank, r.redDims, r.redStrides)];\n")
                        .append("      if (v != v || ").append(better).append(") { best = v; at = k; } }\n")
                        .append("    o[i] = (").append(ctype(idx)).append(") at; } }\n");
                entries.add(name);
            }
        }
        return new Module(moduleName("reduce", t), src.toString(), entries);
    }

    /** Softmax and LogSoftmax over rows, the cross-entropies, and the optimizer updates, for a float dtype. */
    static Module nn(DType t) {
        String T = ctype(t);
        String f = t == DType.FLOAT32 ? "f" : "";
        String nan = t == DType.FLOAT32 ? "__int_as_float(0x7fc00000)" : "__longlong_as_double(0x7ff8000000000000LL)";
        String lowest = t == DType.FLOAT32 ? "__int_as_float(0xff800000)" : "__longlong_as_double(0xfff0000000000000LL)";
        StringBuilder src = new StringBuilder(COMMON).append("typedef ").append(T).append(" T;\n");
        src.append("""
                // The block's maximum and sum of v (every thread gets the result); sh holds blockDim.x values.
                __device__ T ng_block_max(T* sh, T v) {
                    sh[threadIdx.x] = v; __syncthreads();
                    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) { if (threadIdx.x < s) { T a = sh[threadIdx.x], b = sh[threadIdx.x + s]; sh[threadIdx.x] = (a != a || a > b) ? a : b; } __syncthreads(); }
                    T r = sh[0]; __syncthreads(); return r;
                }
                __device__ T ng_block_sum(T* sh, T v) {
                    sh[threadIdx.x] = v; __syncthreads();
                    for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) { if (threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s]; __syncthreads(); }
                    T r = sh[0]; __syncthreads(); return r;
                }
                // The row's max and sum of exp(x - max): what softmax and the cross-entropies share.
                __device__ void ng_row_stats(const T* xr, long long cols, T* sh, T* mx, T* sum) {
                    T m = LOWEST;
                    for (long long k = threadIdx.x; k < cols; k += blockDim.x) { T v = xr[k]; m = (m != m) ? m : (v != v || v > m) ? v : m; }
                    m = ng_block_max(sh, m);
                    T s = 0;
                    for (long long k = threadIdx.x; k < cols; k += blockDim.x) s += EXP(xr[k] - m);
                    *mx = m; *sum = ng_block_sum(sh, s);
                }
                """.replace("LOWEST", lowest).replace("EXP(", "exp" + f + "("));
        List<String> entries = new ArrayList<>();
        String softmax = entry("Softmax", t, ""), logSoftmax = entry("LogSoftmax", t, "");
        src.append("extern \"C\" __global__ void ").append(softmax).append("(const T* x, T* o, long long rows, long long cols) {\n")
                .append("  long long r = NG_ROW(); if (r >= rows) return; T m, s; ng_row_stats(x + r * cols, cols, (T*) ng_shared, &m, &s);\n")
                .append("  for (long long k = threadIdx.x; k < cols; k += blockDim.x) o[r * cols + k] = exp").append(f).append("(x[r * cols + k] - m) / s; }\n");
        src.append("extern \"C\" __global__ void ").append(logSoftmax).append("(const T* x, T* o, long long rows, long long cols) {\n")
                .append("  long long r = NG_ROW(); if (r >= rows) return; T m, s; ng_row_stats(x + r * cols, cols, (T*) ng_shared, &m, &s); T ls = log").append(f).append("(s);\n")
                .append("  for (long long k = threadIdx.x; k < cols; k += blockDim.x) o[r * cols + k] = x[r * cols + k] - m - ls; }\n");
        entries.add(softmax);
        entries.add(logSoftmax);
        // loss[r] = sum_k labels[k] (log s - (x[k] - m)); backprop[k] = softmax(x)[k] - labels[k].
        String xent = entry("SoftmaxCrossEntropyWithLogits", t, "");
        src.append("extern \"C\" __global__ void ").append(xent).append("(const T* x, const T* labels, T* loss, T* back, long long rows, long long cols) {\n")
                .append("  long long r = NG_ROW(); if (r >= rows) return; T* sh = (T*) ng_shared; T m, s; ng_row_stats(x + r * cols, cols, sh, &m, &s); T ls = log").append(f).append("(s);\n")
                .append("  T part = 0;\n")
                .append("  for (long long k = threadIdx.x; k < cols; k += blockDim.x) { T z = x[r * cols + k] - m, l = labels[r * cols + k];\n")
                .append("    part += l * (ls - z); back[r * cols + k] = exp").append(f).append("(z) / s - l; }\n")
                .append("  part = ng_block_sum(sh, part); if (threadIdx.x == 0) loss[r] = part; }\n");
        entries.add(xent);
        // Integer labels; one outside [0, cols) makes the row's loss and gradient NaN (a kernel cannot fail the run).
        for (DType idx : List.of(DType.INT32, DType.INT64)) {
            String sparse = entry("SparseSoftmaxCrossEntropyWithLogits", t, "_" + suffix(idx));
            src.append("extern \"C\" __global__ void ").append(sparse).append("(const T* x, const ").append(ctype(idx))
                    .append("* labels, T* loss, T* back, long long rows, long long cols) {\n")
                    .append("  long long r = NG_ROW(); if (r >= rows) return; T m, s; ng_row_stats(x + r * cols, cols, (T*) ng_shared, &m, &s); T ls = log").append(f).append("(s);\n")
                    .append("  long long label = (long long) labels[r]; bool bad = label < 0 || label >= cols;\n")
                    .append("  for (long long k = threadIdx.x; k < cols; k += blockDim.x) back[r * cols + k] = bad ? ").append(nan)
                    .append(" : exp").append(f).append("(x[r * cols + k] - m) / s - (k == label ? (T) 1 : (T) 0);\n")
                    .append("  if (threadIdx.x == 0) loss[r] = bad ? ").append(nan).append(" : ls - (x[r * cols + label] - m); }\n");
            entries.add(sparse);
        }
        // Optimizer updates into new buffers (the Session commits them); hyper-parameters are device scalars.
        String gd = entry("ApplyGradientDescent", t, "");
        src.append("extern \"C\" __global__ void ").append(gd)
                .append("(const T* var, const T* alpha, const T* delta, T* out, long long n) { T a = *alpha; NG_LOOP(i, n) out[i] = var[i] - a * delta[i]; }\n");
        entries.add(gd);
        String momentum = entry("ApplyMomentum", t, "");
        src.append("extern \"C\" __global__ void ").append(momentum)
                .append("(const T* var, const T* accum, const T* lr, const T* grad, const T* momentum, T* out, T* accumOut, long long n) {\n")
                .append("  T l = *lr, mu = *momentum; NG_LOOP(i, n) { T a = accum[i] * mu + grad[i]; accumOut[i] = a; out[i] = var[i] - l * a; } }\n");
        entries.add(momentum);
        String adam = entry("ApplyAdam", t, "");
        src.append("extern \"C\" __global__ void ").append(adam)
                .append("(const T* var, const T* m, const T* v, const T* b1p, const T* b2p, const T* lr, const T* b1, const T* b2, const T* eps,\n")
                .append("    const T* grad, T* out, T* mOut, T* vOut, long long n) {\n")
                .append("  T step = (T) ((double) *lr * sqrt(1.0 - (double) *b2p) / (1.0 - (double) *b1p)), c1 = (T) (1.0 - (double) *b1), c2 = (T) (1.0 - (double) *b2), e = *eps;\n")
                .append("  NG_LOOP(i, n) { T g = grad[i]; T mi = m[i] + (g - m[i]) * c1; T vi = v[i] + (g * g - v[i]) * c2;\n")
                .append("    mOut[i] = mi; vOut[i] = vi; out[i] = var[i] - step * mi / (sqrt").append(f).append("(vi) + e); } }\n");
        entries.add(adam);
        return new Module(moduleName("nn", t), src.toString(), entries);
    }
}
