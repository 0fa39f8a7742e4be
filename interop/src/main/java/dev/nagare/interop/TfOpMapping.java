package dev.nagare.interop;

import static dev.nagare.interop.Rules.same;
import static dev.nagare.interop.Rules.typed;
import static dev.nagare.interop.Rules.untyped;

import dev.nagare.ops.ArrayOps;
import dev.nagare.ops.ControlFlowOps;
import dev.nagare.ops.ConvOps;
import dev.nagare.ops.DebugOps;
import dev.nagare.ops.MathOps;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.RandomOps;
import dev.nagare.ops.StateOps;
import dev.nagare.ops.StringOps;
import dev.nagare.ops.SummaryOps;
import dev.nagare.ops.TrainOps;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How each Nagare op is written as TensorFlow NodeDefs and read back: one entry per op of
 * {@link dev.nagare.ops.OpRegistry#standard()}, checked by a test, so that a new op without an entry fails
 * the build. An entry without an exporter is an op with no TensorFlow equivalent; exporting it fails naming
 * the node. Import rules are keyed by TensorFlow op name; several TensorFlow ops may import onto one Nagare op
 * (RealDiv and TruncateDiv onto Div, VarHandleOp onto VariableV2).
 */
public final class TfOpMapping {
    /** One import rule: the TensorFlow op it reads, and which of its inputs Nagare takes as static values. */
    record ImportRule(String tfOp, Rules.Importer importer, int[] staticInputs, int[] computedOk) {
        ImportRule(String tfOp, Rules.Importer importer, int... staticInputs) { this(tfOp, importer, staticInputs, new int[0]); }

        /** True when input {@code i} of {@code inputCount} is read as a value rather than wired ({@code -1}: the last). */
        boolean isStatic(int i, int inputCount) {
            for (int s : staticInputs) if (s == i || s == -1 && i == inputCount - 1) return true;
            return false;
        }

        /** True when static input {@code i} may also be computed at run time: wired then, unless it comes from a Const. */
        boolean mayBeComputed(int i) {
            for (int c : computedOk) if (c == i) return true;
            return false;
        }
    }

    /** A Nagare op, the TensorFlow op it is written as (for tables), how to write it, and how to read it. */
    record Entry(OpDef op, String tfOp, Rules.Exporter exporter, List<ImportRule> imports) {}

    /**
     * Hand-written rules: ops whose entries say {@code TfMapping.HAND_WRITTEN}, or mark their mapping
     * {@code byHand()} because the rules need more than it says (Div: RealDiv or TruncateDiv by dtype).
     */
    private static final List<Entry> HAND = List.of(
            // ---- arrays ----
            e(ArrayOps.CONST, "Const", ArrayRules::exportConst, imp("Const", ArrayRules::importConst)),
            e(ArrayOps.PLACEHOLDER, "Placeholder", ArrayRules::exportPlaceholder, imp("Placeholder", ArrayRules::importPlaceholder)),
            // ---- math ----
            e(MathOps.DIV, "RealDiv/TruncateDiv", MathRules::exportDiv, imp("Div", same(MathOps.DIV, 2)),
                    imp("RealDiv", MathRules::importRealDiv), imp("TruncateDiv", MathRules::importTruncateDiv)),
            // ---- state ----
            e(StateOps.VARIABLE, "VariableV2", StateRules::exportVariable, imp("VariableV2", StateRules::importVariable),
                    imp("Variable", StateRules::importVariable), imp("VarHandleOp", StateRules::importVariable),
                    imp("ReadVariableOp", StateRules::importReadVariable)),
            e(StateOps.ASSIGN, "Assign", typed("Assign"), imp("Assign", same(StateOps.ASSIGN, 2)),
                    imp("AssignVariableOp", StateRules::importAssignVariable)),
            e(StateOps.ASSIGN_ADD, "AssignAdd", typed("AssignAdd"), imp("AssignAdd", same(StateOps.ASSIGN_ADD, 2)),
                    imp("AssignAddVariableOp", StateRules.importUpdateVariable(StateOps.ASSIGN_ADD))),
            e(StateOps.ASSIGN_SUB, "AssignSub", typed("AssignSub"), imp("AssignSub", same(StateOps.ASSIGN_SUB, 2)),
                    imp("AssignSubVariableOp", StateRules.importUpdateVariable(StateOps.ASSIGN_SUB))),
            e(StateOps.NO_OP, "NoOp", untyped("NoOp"), imp("NoOp", StateRules::importNoOp)),
            random(RandomOps.NORMAL), random(RandomOps.TRUNCATED_NORMAL), random(RandomOps.UNIFORM),
            // ---- control flow: bodies are functions of the library ----
            e(ControlFlowOps.IF, "If/StatelessIf", ControlFlowRules::exportIf, imp("If", ControlFlowRules::importIf),
                    imp("StatelessIf", ControlFlowRules::importIf)),
            e(ControlFlowOps.WHILE, "While/StatelessWhile", ControlFlowRules::exportWhile, imp("While", ControlFlowRules::importWhile),
                    imp("StatelessWhile", ControlFlowRules::importWhile)),
            // A body's argument is a function's input argument, never a node of its own.
            e(ControlFlowOps.ARG, "_Arg", null, imp("_Arg", cx -> { throw BadModel.unsupported("_Arg outside a function body"); })),
            // ---- fused optimizer updates ----
            e(TrainOps.APPLY_GRADIENT_DESCENT, "ApplyGradientDescent", typed("ApplyGradientDescent"),
                    imp("ApplyGradientDescent", same(TrainOps.APPLY_GRADIENT_DESCENT, 3)),
                    imp("ResourceApplyGradientDescent", StateRules.importResourceApply(TrainOps.APPLY_GRADIENT_DESCENT, 3, 1))),
            e(TrainOps.APPLY_MOMENTUM, "ApplyMomentum", typed("ApplyMomentum"),
                    imp("ApplyMomentum", StateRules.importApply(TrainOps.APPLY_MOMENTUM, 5)),
                    imp("ResourceApplyMomentum", StateRules.importResourceApply(TrainOps.APPLY_MOMENTUM, 5, 2))),
            e(TrainOps.APPLY_ADAM, "ApplyAdam", typed("ApplyAdam"),
                    imp("ApplyAdam", StateRules.importApply(TrainOps.APPLY_ADAM, 10)),
                    imp("ResourceApplyAdam", StateRules.importResourceApply(TrainOps.APPLY_ADAM, 10, 3))),
            apply(TrainOps.APPLY_ADAGRAD, 4, 2), apply(TrainOps.APPLY_ADAGRAD_V2, 5, 2),
            apply(TrainOps.APPLY_RMS_PROP, 8, 3), apply(TrainOps.APPLY_CENTERED_RMS_PROP, 9, 4),
            // ---- strings (ParseExample's key inputs are read as values; sparse and ragged ones must be empty) ----
            e(StringOps.PARSE_EXAMPLE, "ParseExampleV2", StringRules::exportParseExample,
                    imp("ParseExample", StringRules::importParseExample, 1), imp("ParseExampleV2", StringRules::importParseExampleV2, 1, 2, 3, 4)),
            e(StringOps.STRING_TO_NUMBER, "StringToNumber", StringRules::exportStringToNumber, imp("StringToNumber", StringRules::importStringToNumber)),
            e(StringOps.AS_STRING, "AsString", StringRules::exportAsString, imp("AsString", StringRules::importAsString)),
            e(StringOps.DECODE_RAW, "DecodeRaw", StringRules::exportDecodeRaw, imp("DecodeRaw", StringRules::importDecodeRaw)),
            e(StringOps.STRING_JOIN, "StringJoin", StringRules::exportStringJoin, imp("StringJoin", StringRules::importStringJoin)),
            e(StringOps.SHARDED_FILENAME, "ShardedFilename", untyped("ShardedFilename"), imp("ShardedFilename", same(StringOps.SHARDED_FILENAME, 3))),
            e(StringOps.STATIC_REGEX_FULL_MATCH, "StaticRegexFullMatch", StringRules::exportRegexFullMatch,
                    imp("StaticRegexFullMatch", StringRules::importRegexFullMatch)),
            // ---- assertions and printing: data lists of any dtypes ----
            e(DebugOps.ASSERT, "Assert", DebugRules::exportAssert, imp("Assert", DebugRules::importAssert)),
            e(DebugOps.PRINT, "Print", DebugRules::exportPrint, imp("Print", DebugRules::importPrint)),
            e(DebugOps.STRING_FORMAT, "StringFormat", DebugRules::exportStringFormat, imp("StringFormat", DebugRules::importStringFormat)),
            // ---- summaries ----
            e(SummaryOps.SCALAR_SUMMARY, "ScalarSummary", StringRules::exportSummary, imp("ScalarSummary", same(SummaryOps.SCALAR_SUMMARY, 2))),
            e(SummaryOps.HISTOGRAM_SUMMARY, "HistogramSummary", StringRules::exportSummary, imp("HistogramSummary", same(SummaryOps.HISTOGRAM_SUMMARY, 2))),
            e(SummaryOps.MERGE_SUMMARY, "MergeSummary", StringRules::exportSummary, imp("MergeSummary", StringRules::importMergeSummary)),
            // ---- summary writers: the handle is a string scalar here, a resource there ----
            e(SummaryOps.SUMMARY_WRITER, "SummaryWriter", SummaryWriterRules::exportSummaryWriter, imp("SummaryWriter", SummaryWriterRules::importSummaryWriter)),
            writer(SummaryOps.CREATE_SUMMARY_FILE_WRITER, 5, -1), writer(SummaryOps.WRITE_SCALAR_SUMMARY, 4, 3),
            writer(SummaryOps.WRITE_HISTOGRAM_SUMMARY, 4, 3), writer(SummaryOps.WRITE_SUMMARY, 5, 2), writer(SummaryOps.WRITE_GRAPH_SUMMARY, 3, -1),
            writer(SummaryOps.WRITE_RAW_PROTO_SUMMARY, 3, -1), writer(SummaryOps.FLUSH_SUMMARY_WRITER, 1, -1), writer(SummaryOps.CLOSE_SUMMARY_WRITER, 1, -1));

    /**
     * TensorFlow forms of an entry's op that take some of its attrs as inputs, read by hand: MaxPoolV2 and its
     * gradients (ksize and strides as constant inputs, which TensorFlow writes when a program passes tensors);
     * ResourceGather (GatherV2 of a resource variable's value).
     */
    private static final Map<OpDef, List<ImportRule>> MORE_IMPORTS = Map.of(
            ArrayOps.GATHER, List.of(imp("ResourceGather", StateRules::importResourceGather)),
            ConvOps.MAX_POOL, List.of(imp("MaxPoolV2", ConvRules.importerV2(ConvOps.MAX_POOL, 1), 1, 2)),
            ConvOps.MAX_POOL_GRAD, List.of(imp("MaxPoolGradV2", ConvRules.importerV2(ConvOps.MAX_POOL_GRAD, 3), 3, 4)),
            ConvOps.MAX_POOL_GRAD_GRAD, List.of(imp("MaxPoolGradGradV2", ConvRules.importerV2(ConvOps.MAX_POOL_GRAD_GRAD, 3), 3, 4)));

    /** The hand-written rules, then a generic rule pair ({@link EntryRules}) per op whose entry declares its mapping. */
    private static final List<Entry> TABLE = table();
    private static final Map<String, Entry> BY_OP = index();
    private static final Map<String, ImportRule> BY_TF_OP = importIndex();

    private TfOpMapping() {}

    /** The entries, in table order. */
    static List<Entry> entries() { return TABLE; }

    static Optional<Entry> forOp(String nagareOp) { return Optional.ofNullable(BY_OP.get(nagareOp)); }

    static Optional<ImportRule> forTfOp(String tfOp) { return Optional.ofNullable(BY_TF_OP.get(tfOp)); }

    /** The Nagare ops the table maps. */
    public static List<String> mappedOps() { return List.copyOf(BY_OP.keySet()); }

    /** The TensorFlow op a Nagare op is exported as ("RealDiv/TruncateDiv" where it depends on the dtype). */
    public static Optional<String> exportedAs(String nagareOp) {
        Entry e = BY_OP.get(nagareOp);
        return e == null || e.exporter() == null ? Optional.empty() : Optional.of(e.tfOp());
    }

    /** Every TensorFlow op type the importer reads. */
    public static List<String> importableTfOps() { return List.copyOf(BY_TF_OP.keySet()); }

    // ---- table builders ----

    private static Entry e(OpDef op, String tfOp, Rules.Exporter exporter, ImportRule... imports) {
        return new Entry(op, tfOp, exporter, List.of(imports));
    }

    private static ImportRule imp(String tfOp, Rules.Importer importer, int... staticInputs) {
        return new ImportRule(tfOp, importer, staticInputs);
    }

    /** A fused update of the same name in TensorFlow, and its resource-variable form Resource{name}. */
    private static Entry apply(OpDef op, int arity, int variables) {
        return e(op, op.name(), typed(op.name()), imp(op.name(), StateRules.importApply(op, arity)),
                imp("Resource" + op.name(), StateRules.importResourceApply(op, arity, variables)));
    }

    /** A summary writer op: same name and inputs, attr T from input {@code typed} (-1: none). */
    private static Entry writer(OpDef op, int arity, int typed) {
        return e(op, op.name(), SummaryWriterRules.export(op, typed), imp(op.name(), same(op, arity)));
    }

    private static Entry random(OpDef op) {
        return e(op, op.name(), StateRules.exportRandom(op.name()), imp(op.name(), StateRules.importRandom(op)));
    }

    private static List<Entry> table() { return table(HAND, dev.nagare.ops.OpRegistry.standard().all()); }

    /**
     * The hand-written rules, then an entry rule pair per op that declares its mapping. An op has one or the other:
     * a rule beside an entry mapping not marked {@code byHand()} (which would silently win) or an entry marked so
     * without a rule fails naming the op.
     */
    static List<Entry> table(List<Entry> handRules, Iterable<OpDef> ops) {
        List<Entry> all = new java.util.ArrayList<>(handRules);
        java.util.Set<String> hand = new java.util.HashSet<>();
        for (Entry e : handRules) hand.add(e.op().name());
        for (OpDef op : ops) {
            boolean byHand = op.tf() != null && op.tf().isHandWritten();
            if (byHand && !hand.contains(op.name())) {
                throw new TfMappingException(op.name(), "its entry says its TensorFlow rules are written by hand, but TfOpMapping has none");
            }
            if (!byHand && op.tf() != null && hand.contains(op.name())) {
                throw new TfMappingException(op.name(), "its entry maps it to TensorFlow's " + op.tf().op() + " and TfOpMapping has a hand-written"
                        + " rule too; mark the entry's mapping byHand() (or HAND_WRITTEN), or remove the rule");
            }
            if (op.tf() == null || byHand) continue;
            Entry e = EntryRules.entry(op);
            List<ImportRule> more = MORE_IMPORTS.getOrDefault(op, List.of());
            all.add(more.isEmpty() ? e : new Entry(op, e.tfOp(), e.exporter(), java.util.stream.Stream.concat(e.imports().stream(), more.stream()).toList()));
        }
        return List.copyOf(all);
    }

    private static Map<String, Entry> index() {
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : TABLE) {
            if (m.put(e.op().name(), e) != null) throw new IllegalStateException("two mapping entries for " + e.op().name());
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, ImportRule> importIndex() {
        Map<String, ImportRule> m = new LinkedHashMap<>();
        for (Entry e : TABLE) {
            for (ImportRule r : e.imports()) {
                if (m.put(r.tfOp(), r) != null) throw new IllegalStateException("two import rules for TensorFlow op " + r.tfOp());
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
