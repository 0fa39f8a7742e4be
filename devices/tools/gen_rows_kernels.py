# Generates the in-place-A micro-kernels of GemmKernels: kMRxNV{Set,Add}Rows, A's row r at a[ao + r*lda + p].
import sys
from kernel_lines import store_accumulators

def kernel(mr, nv, add, two):
    name = f"k{mr}x{nv}{'Add' if add else 'Set'}Rows"
    o = []
    o.append(f"    static void {name}(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {{")
    for r in range(mr):
        cs = []
        for v in range(nv):
            off = ("co" if r == 0 else f"co + {r} * ldc") + ("" if v == 0 else f" + {v} * L")
            init = f"FloatVector.fromArray(S, c, {off})" if add else "FloatVector.zero(S)"
            cs.append(f"c{r}{v} = {init}")
        o.append("        FloatVector " + ", ".join(cs) + ";")
    o.append("        " + "int " + ", ".join(["a0 = ao"] + [f"a{r} = ao + {r} * lda" for r in range(1, mr)]) + ";")
    def step(pexpr, tag, ind):
        s = []
        s.append(f"{ind}int bi{tag} = bo + {pexpr} * ldb;")
        for v in range(nv):
            s.append(f"{ind}FloatVector b{tag}{v} = FloatVector.fromArray(S, bp, bi{tag}" + ("" if v == 0 else f" + {v} * L") + ");")
        for r in range(mr):
            s.append(f"{ind}FloatVector x{tag}{r} = FloatVector.broadcast(S, a[a{r} + {pexpr}]);")
            for v in range(nv):
                s.append(f"{ind}c{r}{v} = x{tag}{r}.fma(b{tag}{v}, c{r}{v});")
        return s
    o.append("        int p = 0;")
    if two:
        o.append("        for (; p + 1 < kc; p += 2) {")
        o += step("p", "0", "            ")
        o += step("(p + 1)", "1", "            ")
        o.append("        }")
    o.append("        for (; p < kc; p++) {")
    o += step("p", "", "            ")
    o.append("        }")
    o += store_accumulators(mr, nv)
    o.append("    }")
    return "\n".join(o)
out = []
for mr, nvs, two in [(8, (2, 1), False), (6, (2, 1), False), (4, (3, 1), False)]:
    for nv in nvs:
        for add in (False, True):
            out.append(kernel(mr, nv, add, two))
print("\n\n".join(out))
