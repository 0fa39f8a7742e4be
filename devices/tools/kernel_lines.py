# Lines the micro-kernel generators share.

def store_accumulators(mr, nv):
    """The stores of an mr x nv tile's accumulators c{r}{v} to C (row stride ldc, vector width L)."""
    lines = []
    for r in range(mr):
        for v in range(nv):
            off = ("co" if r == 0 else f"co + {r} * ldc") + ("" if v == 0 else f" + {v} * L")
            lines.append(f"        c{r}{v}.intoArray(c, {off});")
    return lines
