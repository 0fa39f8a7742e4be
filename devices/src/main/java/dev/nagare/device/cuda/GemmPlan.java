package dev.nagare.device.cuda;

/**
 * One row-major MatMul (or batch of them) as a column-major cuBLAS gemm. A row-major [r, c] buffer is, read
 * column-major, its transpose [c, r] with leading dimension c; so C = op(A) op(B) (row-major, [M, N]) is
 * computed as C^T = op(B)^T op(A)^T (column-major [N, M]): cuBLAS's first operand is B, its second A, and
 * m = N, n = M. A stored untransposed is already op(A)^T in that reading (OP_N, leading dimension K); stored
 * transposed ([K, M]) it needs OP_T with leading dimension M; B likewise.
 *
 * @param opA   cuBLAS's op on its first operand (Nagare's B)
 * @param opB   cuBLAS's op on its second operand (Nagare's A)
 * @param m     cuBLAS's m: Nagare's N (columns of the product)
 * @param n     cuBLAS's n: Nagare's M (rows of the product)
 * @param strideA elements between batches of cuBLAS's first operand (0: the same matrix for every batch)
 * @param strideB the same for its second operand (Nagare's A)
 */
public record GemmPlan(int opA, int opB, int m, int n, int k, int lda, int ldb, int ldc,
                       long strideA, long strideB, long strideC, int batch) {

    /**
     * The plan for {@code batch} products of A ([M, K], or [K, M] when {@code transA}) and B ([K, N], or [N, K]),
     * whose batches lie {@code aBatchStride} and {@code bBatchStride} elements apart (0 for a matrix shared by all).
     */
    public static GemmPlan of(int rowsM, int colsN, int inner, boolean transA, boolean transB, int batch, long aBatchStride, long bBatchStride) {
        if (rowsM < 0 || colsN < 0 || inner < 0 || batch < 1) {
            throw new IllegalArgumentException("bad gemm: M=" + rowsM + " N=" + colsN + " K=" + inner + " batch=" + batch);
        }
        int opFirst = transB ? Cublas.OP_T : Cublas.OP_N;
        int ldFirst = Math.max(1, transB ? inner : colsN);
        int opSecond = transA ? Cublas.OP_T : Cublas.OP_N;
        int ldSecond = Math.max(1, transA ? rowsM : inner);
        return new GemmPlan(opFirst, opSecond, colsN, rowsM, inner, ldFirst, ldSecond, Math.max(1, colsN),
                bBatchStride, aBatchStride, (long) rowsM * colsN, batch);
    }

}
