namespace SegmentFunctions.Infra.Tests;

/// <summary>One entry of infra/settings.json.</summary>
/// <param name="Local">Value in local.settings.sample.json; null when the setting is not set locally.</param>
/// <param name="Azure">Value main.bicep sets: a literal, or a &lt;placeholder&gt; for a value computed at deployment;
/// null when the setting is not set in Azure.</param>
/// <param name="AzureAs">Where Azure carries the setting: null for an app setting, else the site property path.</param>
/// <param name="Default">Value the code uses when the setting is set nowhere; null when it has none.</param>
internal sealed record DocumentedSetting(
    string Name,
    string Description,
    IReadOnlyList<string> ReadBy,
    string? Local,
    string? Azure,
    string? AzureAs,
    string? Default)
{
    public bool IsAppSettingInAzure => Azure is not null && AzureAs is null;

    /// <summary>True when <see cref="Azure"/> is a literal the template must reproduce exactly.</summary>
    public bool HasLiteralAzureValue => Azure is not null && !(Azure.StartsWith('<') && Azure.EndsWith('>'));
}
