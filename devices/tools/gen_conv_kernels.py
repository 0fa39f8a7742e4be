# Generates the implicit-GEMM convolution micro-kernels of GemmKernels: kMRxNVConv. Row r of the tile's A is
# gathered from the (padded) input: its element p of segment s is x[rows[r] + segs[s] + p], p < seg, and B's row
# for it is s*seg + p (B read from bp[bo + (s*seg + p)*ldb ..]). One step of p per trip, like the Rows kernels.
from kernel_lines import init_accumulators, multiply_add, store_accumulators

def kernel(mr, nv):  
    name = f"k{mr}x{nv}Conv"
    o = []
    o.append(f"    static void {name}(float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb, float[] c, int co, int ldc) {{")
    o += init_accumulators(mr, nv, False)
    o.append("        int " + ", ".join(f"r{r} = rows[ro + {r}]" for r in range(mr)) + ";")
    o.append("        int bi = bo;")
    o.append("        for (int s = 0; s < nseg; s++) {")
    o.append("            int so = segs[s];")
    o.append("            int " + ", ".join(f"a{r} = r{r} + so" for r in range(mr)) + ";")
    o.append("            for (int p = 0; p < seg; p++, bi += ldb) {")
    o += multiply_add("                ", mr, nv, "b", "bi", "x", lambda r: f"x[a{r} + p]")
    o.append("            }")
    o.append("        }")
    o += store_accumulators(mr, nv)
    o.append("    }")
    return "\n".join(o)
TILES = [(8, (2, 1)), (6, (2, 1)), (4, (3, 1))]
# Row strides (input channels of a stride-1 layer) with kernels of their own: see strided_kernel.
STRIDED = (32, 64)


def strided_kernel(mr, nv, lda, add, strip=False, unroll=4):
    """kMRxNVConvLDA{Set,Add}: C[MR x NR] at co = (add ? C : +0) followed by the chain over one segment of a tile whose
    rows are evenly spaced, row r's element p at x[a + r*lda + p], p < kc, B's row for it at bp[bo + p*ldb ..]. lda
    is a constant (a stride-1 layer of lda input channels): the row offsets are immediates, so the loop keeps one
    index register instead of MR, and it takes `unroll` steps of p per trip. The caller loops over the segments (Set
    for the first, Add after): with that loop inside, C2 kept fewer accumulators in registers (about 0.6 of the
    machine's FMA peak against 0.7-0.85 this way, kernel alone on the AVX2 EPYC).

    strip: kMRxNVConvLDAStrip{Set,Add}, the tile is 2 pixels of MR/2 output rows one under the other (a strip down
    the right edge of an image): row r reads x[a + (r / 2)*rs + (r % 2)*lda + p] and lands in C at
    co + (r / 2)*crs + (r % 2)*ldc, rs and crs the distance between output rows in the input and in C."""
    across = 2 if strip else mr
    name = f"k{mr}x{nv}Conv{lda}{'Strip' if strip else ''}{'Add' if add else 'Set'}"

    def at(base, r, stride, lane_stride):
        down, lane = r // across, r % across
        return base + ("" if down == 0 else f" + {stride}" if down == 1 else f" + {down} * {stride}") + lane_stride(lane)

    def c_at(r, v):
        return at("co", r, "crs", lambda lane: "" if lane == 0 else f" + {lane} * ldc") + ("" if v == 0 else f" + {v} * L")
    o = []
    extra = (", int rs", ", int crs") if strip else ("", "")
    o.append(f"    static void {name}(float[] x, int a{extra[0]}, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc{extra[1]}) {{")
    o += init_accumulators(mr, nv, add, c_at)
    o.append("        int p = 0;")

    def step(ind, q):
        s = []
        pe = "p" if q == 0 else f"p + {q}"
        s.append(f"{ind}int b{q} = bo + ({pe}) * ldb;")
        return s + multiply_add(ind, mr, nv, f"y{q}", f"b{q}", f"x{q}",
                                lambda r: "x[" + at("a", r, "rs", lambda lane: "") + f" + {pe}" + ("" if r % across == 0 else f" + {(r % across) * lda}") + "]")
    o.append(f"        for (; p + {unroll - 1} < kc; p += {unroll}) {{")
    for q in range(unroll):
        o += step("            ", q)
    o.append("        }")
    o.append("        for (; p < kc; p++) {")
    o += step("            ", 0)
    o.append("        }")
    o += store_accumulators(mr, nv, c_at)
    o.append("    }")
    return "\n".join(o)


if __name__ == "__main__":
    if "--strided" in __import__("sys").argv:
        # Full-width tiles of the machines' default shapes (8 x 2, 6 x 2) and 4 x 2 for what is left of an output row
        # (ConvImplicit.rowPlan); the rest use kMRxNVConv.
        print("\n\n".join(strided_kernel(mr, 2, lda, add) for lda in STRIDED for mr in (8, 6, 4) for add in (False, True)))
    elif "--strips" in __import__("sys").argv:
        # Strips of 2 pixels down the right edge of an image, MR/2 rows (8 x 2, 6 x 2) or 2 rows (4 x 2):
        # ConvImplicit.forwardByRows.
        print("\n\n".join(strided_kernel(mr, 2, lda, add, strip=True) for lda in STRIDED for mr in (8, 6, 4) for add in (False, True)))
    else:
        print("\n\n".join(kernel(mr, nv) for mr, nvs in TILES for nv in nvs))
