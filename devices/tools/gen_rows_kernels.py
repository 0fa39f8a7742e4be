# Generates the in-place-A micro-kernels of GemmKernels: kMRxNV{Set,Add}Rows, A's row r at a[ao + r*lda + p].
import sys
from kernel_lines import init_accumulators, multiply_add, store_accumulators

def kernel(mr, nv, add, two):
    name = f"k{mr}x{nv}{'Add' if add else 'Set'}Rows"
    o = []
    o.append(f"    static void {name}(float[] a, int ao, int lda, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {{")
    o += init_accumulators(mr, nv, add)
    o.append("        " + "int " + ", ".join(["a0 = ao"] + [f"a{r} = ao + {r} * lda" for r in range(1, mr)]) + ";")
    def step(pexpr, tag, ind):
        s = []
        s.append(f"{ind}int bi{tag} = bo + {pexpr} * ldb;")
        return s + multiply_add(ind, mr, nv, f"b{tag}", f"bi{tag}", f"x{tag}", lambda r: f"a[a{r} + {pexpr}]")
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
