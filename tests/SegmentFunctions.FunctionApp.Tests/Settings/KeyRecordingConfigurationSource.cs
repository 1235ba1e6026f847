using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace SegmentFunctions.FunctionApp.Tests.Settings;

/// <summary>
/// A configuration source that holds no values and records every key the application asks for: options binding asks
/// for each property of a bound class by name, and direct reads ask for the key itself.
/// </summary>
internal sealed class KeyRecordingConfigurationSource : IConfigurationSource
{
    public ConcurrentDictionary<string, byte> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(Keys);

    private sealed class Provider(ConcurrentDictionary<string, byte> keys) : ConfigurationProvider
    {
        public override bool TryGet(string key, out string? value)
        {
            keys.TryAdd(key, 0);
            return base.TryGet(key, out value);
        }
    }
}
