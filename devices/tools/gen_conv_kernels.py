# Generates the implicit-GEMM convolution micro-kernels of GemmKernels: kMRxNVConv. Row r of the tile's A is
# gathered from the (padded) input: its element p of segment s is x[rows[r] + segs[s] + p], p < seg, and B's row
# for it is s*seg + p (B read from bp[bo + (s*seg + p)*ldb ..]). One step of p per trip, like the Rows kernels.
from kernel_lines import store_accumulators

def kernel(mr, nv):  
    name = f"k{mr}x{nv}Conv"
    o = []
    o.append(f"    static void {name}(float[] x, int[] rows, int ro, int[] segs, int nseg, int seg, float[] bp, int bo, int ldb, float[] c, int co, int ldc) {{")
    for r in range(mr):
        o.append("        FloatVector " + ", ".join(f"c{r}{v} = FloatVector.zero(S)" for v in range(nv)) + ";")
    o.append("        int " + ", ".join(f"r{r} = rows[ro + {r}]" for r in range(mr)) + ";")
    o.append("        int bi = bo;")
    o.append("        for (int s = 0; s < nseg; s++) {")
    o.append("            int so = segs[s];")
    o.append("            int " + ", ".join(f"a{r} = r{r} + so" for r in range(mr)) + ";")
    o.append("            for (int p = 0; p < seg; p++, bi += ldb) {")
    ind = "                "
    for v in range(nv):
        o.append(f"{ind}FloatVector b{v} = FloatVector.fromArray(S, bp, bi" + ("" if v == 0 else f" + {v} * L") + ");")
    for r in range(mr):
        o.append(f"{ind}FloatVector x{r} = FloatVector.broadcast(S, x[a{r} + p]);")
        for v in range(nv):
            o.append(f"{ind}c{r}{v} = x{r}.fma(b{v}, c{r}{v});")
    o.append("            }")
    o.append("        }")
    o += store_accumulators(mr, nv)
    o.append("    }")
    return "\n".join(o)
out = []
for mr, nvs in [(8, (2, 1)), (6, (2, 1)), (4, (3, 1))]:
    for nv in nvs:
        out.append(kernel(mr, nv))
print("\n\n".join(out))
