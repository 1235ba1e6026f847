namespace SegmentFunctions.Application.Registry;

/// <summary>Model registry settings, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class ModelRegistryOptions
{
    public const string SectionName = "ModelRegistry";

    /// <summary>The blob container holding the versions and the current pointer (tests give each test its own).</summary>
    public string Container { get; set; } = "models";
}
