import sys
def kernel(name, mr, nv, unroll, add=False):
    L=[]
    L.append(f"    static void {name}(float[] ap, int ao, float[] bp, int bo, int ldb, int kc, float[] c, int co, int ldc) {{")
    for i in range(mr):
        if add:
            L.append("        FloatVector " + ", ".join(f"c{i}{j} = FloatVector.fromArray(S, c, co{'' if i==0 else f' + {i} * ldc'}{'' if j==0 else f' + {j} * L'})" for j in range(nv)) + ";")
        else:
            L.append("        FloatVector " + ", ".join(f"c{i}{j} = FloatVector.zero(S)" for j in range(nv)) + ";")
    def body(indent, poff, unrolled):
        out=[]
        pe = f"(p + {poff})" if unrolled else "p"
        sfx = str(poff) if unrolled else ""
        out.append(f"{indent}int bi{sfx} = bo + {pe} * ldb, ai{sfx} = ao + {pe} * {mr};")
        for j in range(nv):
            off = "" if j==0 else f" + {j} * L"
            out.append(f"{indent}FloatVector b{sfx}{j} = FloatVector.fromArray(S, bp, bi{sfx}{off});")
        for i in range(mr):
            off = "" if i==0 else f" + {i}"
            out.append(f"{indent}FloatVector a{sfx}{i} = FloatVector.broadcast(S, ap[ai{sfx}{off}]);")
            for j in range(nv):
                out.append(f"{indent}c{i}{j} = a{sfx}{i}.fma(b{sfx}{j}, c{i}{j});")
        return out
    L.append("        int p = 0;")
    if unroll>1:
        L.append(f"        for (; p + {unroll-1} < kc; p += {unroll}) {{")
        for u in range(unroll): L += body("            ", u, True)
        L.append("        }")
    L.append("        for (; p < kc; p++) {")
    L += body("            ", 0, False)
    L.append("        }")
    for i in range(mr):
        for j in range(nv):
            L.append(f"        c{i}{j}.intoArray(c, co{'' if i==0 else f' + {i} * ldc'}{'' if j==0 else f' + {j} * L'});")
    L.append("    }")
    return "\n".join(L)
if __name__ == "__main__":
    variants=eval(sys.argv[1])
    src=["package dev.nagare.device.cpu;","import jdk.incubator.vector.*;","import java.lang.management.*;","public class KX {","    static final VectorSpecies<Float> S = FloatVector.SPECIES_256; static final int L = 8;"]
    for v in variants: src.append(kernel(*v))
    src.append(open('/tmp/kx/main.txt').read().replace("@KS@", ",".join(f'{{"{n}",{mr},{nv},(K)KX::{n}}}' for n,mr,nv,u in variants)))
    open("/tmp/kx/dev/nagare/device/cpu/KX.java","w").write("\n".join(src))
