package dev.nagare.interop;

/** One entry of a NodeDef's input list: {@code node}, {@code node:3}, or {@code ^node} for a control input. */
record TensorRef(String node, int index, boolean control) {
    static TensorRef parse(String s) {
        if (s.startsWith("^")) return new TensorRef(checkName(s.substring(1), s), 0, true);
        int colon = s.lastIndexOf(':');
        if (colon < 0) return new TensorRef(checkName(s, s), 0, false);
        String digits = s.substring(colon + 1);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw BadModel.bad("input '" + s + "' is not a tensor name (node or node:index)");
        }
        return new TensorRef(checkName(s.substring(0, colon), s), Integer.parseInt(digits), false);
    }

    private static String checkName(String name, String whole) {
        if (name.isEmpty()) throw BadModel.bad("input '" + whole + "' names no node");
        return name;
    }

    @Override
    public String toString() { return control ? "^" + node : index == 0 ? node : node + ":" + index; }
}
