namespace SegmentFunctions.Invocation;

/// <summary>Reading an invocation's body and answering it, shared by the non-HTTP functions.</summary>
public static class InvocationBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 0);
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>200 with <c>{"Outputs":{},"Logs":[log],"ReturnValue":null}</c>: the invocation succeeded.</summary>
    public static IResult Respond(string log) =>
        Results.Json(InvocationResponse.WithLogs(log), InvocationJsonContext.Default.InvocationResponse, "application/json");
}
