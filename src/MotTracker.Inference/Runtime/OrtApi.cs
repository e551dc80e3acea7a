using System.Runtime.InteropServices;

namespace MotTracker.Inference.Runtime;

/// <summary>
/// Typed calls into ONNX Runtime's <c>OrtApi</c> function table. The table is a C struct of function
/// pointers whose order never changes (new functions are only appended), so each function is read by its
/// 0-based slot index. Every slot used here was counted in <c>struct OrtApi</c> of onnxruntime_c_api.h
/// and is exercised by the Runtime tests against ONNX Runtime 1.30.0.
/// </summary>
/// <remarks>
/// The pointers use the platform's default unmanaged calling convention (<c>delegate* unmanaged</c>):
/// ORT_API_CALL is __stdcall on Windows and the plain C convention elsewhere, which is exactly what
/// "platform default" means to the runtime; on x64 the two coincide anyway.
/// Each status-returning call goes through <see cref="Check"/>, which turns a non-null OrtStatus into an
/// <see cref="OnnxRuntimeException"/> and releases the status.
/// </remarks>
internal sealed unsafe class OrtApi
{
    // Slot indices in struct OrtApi.
    private const int GetErrorCodeSlot = 1;
    private const int GetErrorMessageSlot = 2;
    private const int CreateEnvWithCustomLoggerSlot = 4;
    private const int CreateSessionSlot = 7;
    private const int RunSlot = 9;
    private const int CreateSessionOptionsSlot = 10;
    private const int SetSessionGraphOptimizationLevelSlot = 23;
    private const int SetIntraOpNumThreadsSlot = 24;
    private const int SetInterOpNumThreadsSlot = 25;
    private const int SessionGetInputCountSlot = 30;
    private const int SessionGetOutputCountSlot = 31;
    private const int SessionGetInputTypeInfoSlot = 33;
    private const int SessionGetOutputTypeInfoSlot = 34;
    private const int SessionGetInputNameSlot = 36;
    private const int SessionGetOutputNameSlot = 37;
    private const int CreateTensorWithDataAsOrtValueSlot = 49;
    private const int GetTensorMutableDataSlot = 51;
    private const int CastTypeInfoToTensorInfoSlot = 55;
    private const int GetTensorElementTypeSlot = 60;
    private const int GetDimensionsCountSlot = 61;
    private const int GetDimensionsSlot = 62;
    private const int GetTensorShapeElementCountSlot = 64;
    private const int GetTensorTypeAndShapeSlot = 65;
    private const int CreateCpuMemoryInfoSlot = 69;
    private const int AllocatorFreeSlot = 76;
    private const int GetAllocatorWithDefaultOptionsSlot = 78;
    private const int ReleaseEnvSlot = 92;
    private const int ReleaseStatusSlot = 93;
    private const int ReleaseMemoryInfoSlot = 94;
    private const int ReleaseSessionSlot = 95;
    private const int ReleaseValueSlot = 96;
    private const int ReleaseTypeInfoSlot = 98;
    private const int ReleaseTensorTypeAndShapeInfoSlot = 99;
    private const int ReleaseSessionOptionsSlot = 100;

    /// <summary>Enum values from the C header.</summary>
    internal const int ElementTypeFloat = 1;
    private const int LoggingLevelWarning = 2;
    private const int ArenaAllocator = 1;
    private const int MemTypeDefault = 0;

    private readonly nint* _table;
    private readonly delegate* unmanaged<nint, int, nint> _appendCuda;

    public OrtApi(nint* table, nint appendCudaExport)
    {
        _table = table;
        _appendCuda = (delegate* unmanaged<nint, int, nint>)appendCudaExport;
    }

    public bool HasCudaEntryPoint => _appendCuda != null;

    public void Check(nint status, string operation)
    {
        if (status == 0)
            return;
        var code = (OrtErrorCode)((delegate* unmanaged<nint, int>)_table[GetErrorCodeSlot])(status);
        string message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)_table[GetErrorMessageSlot])(status)) ?? "";
        ((delegate* unmanaged<nint, void>)_table[ReleaseStatusSlot])(status);
        throw new OnnxRuntimeException(code, operation, message);
    }

    public nint CreateEnv(string logId)
    {
        nint env;
        nint id = Marshal.StringToCoTaskMemUTF8(logId);
        try
        {
            var create = (delegate* unmanaged<delegate* unmanaged<nint, int, nint, nint, nint, nint, void>, nint, int, nint, nint*, nint>)
                _table[CreateEnvWithCustomLoggerSlot];
            Check(create(&OrtLog.OnMessage, 0, LoggingLevelWarning, id, &env), "CreateEnv");
        }
        finally
        {
            Marshal.FreeCoTaskMem(id);
        }
        return env;
    }

    public nint CreateSessionOptions()
    {
        nint options;
        Check(((delegate* unmanaged<nint*, nint>)_table[CreateSessionOptionsSlot])(&options), "CreateSessionOptions");
        return options;
    }

    public void SetIntraOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)_table[SetIntraOpNumThreadsSlot])(options, threads), "SetIntraOpNumThreads");

    public void SetInterOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)_table[SetInterOpNumThreadsSlot])(options, threads), "SetInterOpNumThreads");

    public void SetGraphOptimizationLevel(nint options, GraphOptimization level) =>
        Check(((delegate* unmanaged<nint, int, nint>)_table[SetSessionGraphOptimizationLevelSlot])(options, (int)level),
            "SetSessionGraphOptimizationLevel");

    /// <summary>
    /// Appends the CUDA execution provider through the library's exported
    /// <c>OrtSessionOptionsAppendExecutionProvider_CUDA</c>. Returns null on success, otherwise the reason.
    /// </summary>
    public string? TryAppendCuda(nint options, int deviceId)
    {
        if (_appendCuda == null)
            return "this ONNX Runtime library does not export OrtSessionOptionsAppendExecutionProvider_CUDA";
        try
        {
            Check(_appendCuda(options, deviceId), "AppendExecutionProvider_CUDA");
            return null;
        }
        catch (OnnxRuntimeException ex)
        {
            return ex.OrtMessage;
        }
    }

    public nint CreateSession(nint env, string modelPath, nint options)
    {
        nint session;
        // ORTCHAR_T is wchar_t (UTF-16) on Windows and char (UTF-8) elsewhere.
        nint path = OperatingSystem.IsWindows() ? Marshal.StringToHGlobalUni(modelPath) : Marshal.StringToCoTaskMemUTF8(modelPath);
        try
        {
            Check(((delegate* unmanaged<nint, nint, nint, nint*, nint>)_table[CreateSessionSlot])(env, path, options, &session),
                $"CreateSession for '{modelPath}'");
        }
        finally
        {
            if (OperatingSystem.IsWindows())
                Marshal.FreeHGlobal(path);
            else
                Marshal.FreeCoTaskMem(path);
        }
        return session;
    }

    public int SessionGetInputCount(nint session)
    {
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[SessionGetInputCountSlot])(session, &count), "SessionGetInputCount");
        return checked((int)count);
    }

    public int SessionGetOutputCount(nint session)
    {
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[SessionGetOutputCountSlot])(session, &count), "SessionGetOutputCount");
        return checked((int)count);
    }

    /// <summary>Returns ORT's UTF-8 copy of the name; free it with <see cref="AllocatorFree"/>.</summary>
    public nint SessionGetName(nint session, int index, bool input, nint allocator)
    {
        nint name;
        var get = (delegate* unmanaged<nint, nuint, nint, nint*, nint>)_table[input ? SessionGetInputNameSlot : SessionGetOutputNameSlot];
        Check(get(session, (nuint)index, allocator, &name), input ? "SessionGetInputName" : "SessionGetOutputName");
        return name;
    }

    /// <summary>Element type and dimensions of input or output <paramref name="index"/>; -1 for dynamic axes.</summary>
    public (int ElementType, long[] Shape) SessionGetTypeAndShape(nint session, int index, bool input)
    {
        nint typeInfo;
        var get = (delegate* unmanaged<nint, nuint, nint*, nint>)_table[input ? SessionGetInputTypeInfoSlot : SessionGetOutputTypeInfoSlot];
        Check(get(session, (nuint)index, &typeInfo), input ? "SessionGetInputTypeInfo" : "SessionGetOutputTypeInfo");
        try
        {
            nint tensorInfo;
            // The tensor info belongs to typeInfo and is freed with it.
            Check(((delegate* unmanaged<nint, nint*, nint>)_table[CastTypeInfoToTensorInfoSlot])(typeInfo, &tensorInfo),
                "CastTypeInfoToTensorInfo");
            if (tensorInfo == 0)
                return (0, []); // not a tensor (sequence, map): callers reject it by element type
            return (GetElementType(tensorInfo), GetDimensions(tensorInfo));
        }
        finally
        {
            ((delegate* unmanaged<nint, void>)_table[ReleaseTypeInfoSlot])(typeInfo);
        }
    }

    public nint GetAllocatorWithDefaultOptions()
    {
        nint allocator;
        Check(((delegate* unmanaged<nint*, nint>)_table[GetAllocatorWithDefaultOptionsSlot])(&allocator), "GetAllocatorWithDefaultOptions");
        return allocator;
    }

    public void AllocatorFree(nint allocator, nint block) =>
        Check(((delegate* unmanaged<nint, nint, nint>)_table[AllocatorFreeSlot])(allocator, block), "AllocatorFree");

    public nint CreateCpuMemoryInfo()
    {
        nint info;
        Check(((delegate* unmanaged<int, int, nint*, nint>)_table[CreateCpuMemoryInfoSlot])(ArenaAllocator, MemTypeDefault, &info),
            "CreateCpuMemoryInfo");
        return info;
    }

    /// <summary>Wraps caller-owned float memory as a tensor; ORT neither copies nor frees it.</summary>
    public nint CreateFloatTensor(nint memoryInfo, float* data, long elementCount, long* shape, int rank)
    {
        nint value;
        var create = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)_table[CreateTensorWithDataAsOrtValueSlot];
        Check(create(memoryInfo, data, (nuint)(elementCount * sizeof(float)), shape, (nuint)rank, ElementTypeFloat, &value),
            "CreateTensorWithDataAsOrtValue");
        return value;
    }

    public void Run(nint session, nint* inputNames, nint* inputs, int inputCount, nint* outputNames, nint* outputs, int outputCount)
    {
        var run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)_table[RunSlot];
        Check(run(session, 0, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs), "Run");
    }

    /// <summary>Element type, dimensions and element count of a tensor value.</summary>
    public (int ElementType, long[] Shape, long ElementCount) GetTensorTypeAndShape(nint value)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nint*, nint>)_table[GetTensorTypeAndShapeSlot])(value, &info), "GetTensorTypeAndShape");
        try
        {
            nuint count;
            Check(((delegate* unmanaged<nint, nuint*, nint>)_table[GetTensorShapeElementCountSlot])(info, &count), "GetTensorShapeElementCount");
            return (GetElementType(info), GetDimensions(info), checked((long)count));
        }
        finally
        {
            ((delegate* unmanaged<nint, void>)_table[ReleaseTensorTypeAndShapeInfoSlot])(info);
        }
    }

    public nint GetTensorMutableData(nint value)
    {
        nint data;
        Check(((delegate* unmanaged<nint, nint*, nint>)_table[GetTensorMutableDataSlot])(value, &data), "GetTensorMutableData");
        return data;
    }

    public void ReleaseEnv(nint env) => Release(ReleaseEnvSlot, env);
    public void ReleaseMemoryInfo(nint info) => Release(ReleaseMemoryInfoSlot, info);
    public void ReleaseSession(nint session) => Release(ReleaseSessionSlot, session);
    public void ReleaseValue(nint value) => Release(ReleaseValueSlot, value);
    public void ReleaseSessionOptions(nint options) => Release(ReleaseSessionOptionsSlot, options);

    private void Release(int slot, nint handle)
    {
        // Release* accept null, but skipping the call keeps partially built objects simple to clean up.
        if (handle != 0)
            ((delegate* unmanaged<nint, void>)_table[slot])(handle);
    }

    private int GetElementType(nint tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged<nint, int*, nint>)_table[GetTensorElementTypeSlot])(tensorInfo, &type), "GetTensorElementType");
        return type;
    }

    private long[] GetDimensions(nint tensorInfo)
    {
        nuint rank;
        Check(((delegate* unmanaged<nint, nuint*, nint>)_table[GetDimensionsCountSlot])(tensorInfo, &rank), "GetDimensionsCount");
        var dims = new long[(int)rank];
        if (rank == 0)
            return dims; // a scalar; an empty array would pin to a null pointer, which ORT rejects
        fixed (long* p = dims)
            Check(((delegate* unmanaged<nint, long*, nuint, nint>)_table[GetDimensionsSlot])(tensorInfo, p, rank), "GetDimensions");
        return dims;
    }
}
