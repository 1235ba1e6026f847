namespace SegmentFunctions.Hosting;

/// <summary>Settings the handler needs without any configuration file, below every other source so that each can override them.</summary>
public static class HandlerDefaults
{
    /// <summary>
    /// ASP.NET Core logs two Information lines per request (hosting, routing) that the Functions host already records;
    /// on the scoring path, console logging of them cost more than the request itself.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    public static IConfigurationBuilder AddHandlerDefaults(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = Values });
        return configuration;
    }
}
