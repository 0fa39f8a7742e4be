# Lines the micro-kernel generators share.

def c_offset(r, v):
    """Where accumulator c{r}{v} lives in C: row r of the tile (row stride ldc), vector v (width L)."""
    return ("co" if r == 0 else f"co + {r} * ldc") + ("" if v == 0 else f" + {v} * L")


def init_accumulators(mr, nv, add, at=c_offset):
    """The declarations of an mr x nv tile's accumulators c{r}{v}: loaded from C at at(r, v) (add) or +0, one line
    per row."""
    init = (lambda r, v: f"FloatVector.fromArray(S, c, {at(r, v)})") if add else (lambda r, v: "FloatVector.zero(S)")
    return ["        FloatVector " + ", ".join(f"c{r}{v} = {init(r, v)}" for v in range(nv)) + ";" for r in range(mr)]


def store_accumulators(mr, nv, at=c_offset):
    """The stores of an mr x nv tile's accumulators c{r}{v} to C at at(r, v) (by default row stride ldc)."""
    return [f"        c{r}{v}.intoArray(c, {at(r, v)});" for r in range(mr) for v in range(nv)]


def multiply_add(ind, mr, nv, b, bi, x, a_at):
    """One step of p: the nv vectors {b}{v} of B's row loaded from bp[{bi} + v*L], then for each row r the
    broadcast {x}{r} = a_at(r) and its nv fused multiply-adds into c{r}{v}."""
    lines = [f"{ind}FloatVector {b}{v} = FloatVector.fromArray(S, bp, {bi}" + ("" if v == 0 else f" + {v} * L") + ");"
             for v in range(nv)]
    for r in range(mr):
        lines.append(f"{ind}FloatVector {x}{r} = FloatVector.broadcast(S, {a_at(r)});")
        lines += [f"{ind}c{r}{v} = {x}{r}.fma({b}{v}, c{r}{v});" for v in range(nv)]
    return lines
