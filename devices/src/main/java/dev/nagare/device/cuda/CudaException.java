package dev.nagare.device.cuda;

/**
 * A CUDA library call that failed: names the call (cuLaunchKernel, cublasSgemm_v2, nvrtcCompileProgram, ...), the
 * status it returned and that library's own words for it (cuGetErrorString, cublasGetStatusString,
 * nvrtcGetErrorString), plus what Nagare was doing, where known.
 */
public final class CudaException extends RuntimeException {
    private final String call;
    private final int status;

    public CudaException(String call, int status, String meaning, String context) {
        super(call + " failed with status " + status + (meaning == null || meaning.isEmpty() ? "" : " (" + meaning + ")")
                + (context == null || context.isEmpty() ? "" : ": " + context));
        this.call = call;
        this.status = status;
    }

    /** The library function that failed. */
    public String call() { return call; }

    /** The status it returned (a CUresult, cublasStatus_t or nvrtcResult). */
    public int status() { return status; }
}
